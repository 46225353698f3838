// onrecord: a click on a highlight in an article shows what it is and finds its statement;
// the statements page fills in how many match. Everything shown is set as text
// (textContent), never parsed as HTML.
"use strict";

// The statements page asks the API for its count after the cards are shown.
function countStatements() {
  const line = document.getElementById("count");
  if (!line) return;
  fetch(line.dataset.url, { headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : null))
    .then((found) => {
      if (!found) return;
      const n = found.count.toLocaleString("en");
      line.textContent = found.more
        ? `Over ${n} statements`
        : `${n} statement${found.count === 1 ? "" : "s"}`;
    });
}

document.addEventListener("DOMContentLoaded", () => {
  countStatements();
  const text = document.getElementById("text");
  const detail = document.getElementById("detail");
  if (!text || !detail) return;

  const show = (mark) => {
    document.querySelectorAll(".focus").forEach((el) => el.classList.remove("focus"));
    mark.classList.add("focus");
    detail.replaceChildren();
    const heading = document.createElement("h2");
    heading.textContent = "This highlight";
    const list = document.createElement("ul");
    list.className = "plain";
    for (const line of (mark.getAttribute("title") || "").split("\n")) {
      const item = document.createElement("li");
      item.textContent = line;
      list.append(item);
    }
    detail.append(heading, list);
    detail.hidden = false;
    for (const ref of (mark.dataset.refs || "").split(" ")) {
      const statement = document.getElementById(ref);
      if (statement) {
        statement.classList.add("focus");
        statement.scrollIntoView({ block: "nearest", behavior: "smooth" });
        break;
      }
    }
  };

  text.addEventListener("click", (event) => {
    const mark = event.target.closest(".hl");
    if (mark) show(mark);
  });
  text.addEventListener("keydown", (event) => {
    const mark = event.target.closest(".hl");
    if (mark && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      show(mark);
    }
  });

  // Arriving from a card (#s12): mark all of the statement's words in the text.
  const wanted = window.location.hash.slice(1);
  if (wanted) {
    const words = text.querySelectorAll(`.hl[data-content~="${CSS.escape(wanted)}"]`);
    if (words.length) {
      show(words[0]);
      words.forEach((el) => el.classList.add("focus"));
      words[0].scrollIntoView({ block: "center" });
    }
  }
});
