// onrecord: a click on a highlight in an article shows what it is and finds its statement,
// and a link to a statement (#s12) brings its words into view and keeps them there.
// Everything shown is set as text (textContent), never parsed as HTML.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
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
        inPanel(statement);
        break;
      }
    }
  };

  // Bring a statement into view inside the side panel, which scrolls on its own beside the
  // text on a wide screen; the page itself never moves, so the words stay where they are.
  // On a narrow screen the panel is below the text and is left alone.
  const panel = document.querySelector(".panel");
  const inPanel = (statement) => {
    if (!panel || getComputedStyle(panel).position !== "sticky") return;
    const top =
      statement.getBoundingClientRect().top - panel.getBoundingClientRect().top + panel.scrollTop;
    panel.scrollTo({ top: Math.max(top - 8, 0), behavior: "smooth" });
  };

  const marks = Array.from(text.querySelectorAll(".hl"));
  const current = oneTabStop(text, marks);

  text.addEventListener("click", (event) => {
    const mark = event.target.closest(".hl");
    if (mark) {
      current(mark);
      show(mark);
    }
  });
  text.addEventListener("keydown", (event) => {
    const mark = event.target.closest(".hl");
    if (!mark) return;
    if (event.key === "Enter" || event.key === " ") {
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
      current(words[0]);
      words[0].focus({ preventScroll: true });
      // The browser scrolls to the statement's own element (#s12, in the side panel) as
      // the page loads, after this has run: bring the words back once it has.
      const jump = () => words[0].scrollIntoView({ block: "center" });
      jump();
      window.addEventListener("load", () => requestAnimationFrame(jump), { once: true });
    }
  }
});

// The timeline's marks are links, and as many as 400 of them: one tab stop for them all.
document.addEventListener("DOMContentLoaded", () => {
  const timeline = document.querySelector("svg.timeline");
  if (timeline) oneTabStop(timeline, Array.from(timeline.querySelectorAll("a")));
  // On a phone the chart scrolls sideways: start at its right end, the latest dates.
  const scroller = document.querySelector(".chart-scroll");
  if (scroller) scroller.scrollLeft = scroller.scrollWidth;
});

// One tab stop for a group of marks (an article's highlights, the timeline's marks): Tab
// reaches the current one, the arrow keys (and Home, End) the others. Gives back the
// function that makes a mark the current one.
function oneTabStop(group, marks) {
  const current = (mark) => {
    marks.forEach((el) => (el.tabIndex = -1));
    mark.tabIndex = 0;
  };
  if (marks.length) current(marks[0]);
  const moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
  group.addEventListener("keydown", (event) => {
    const at = marks.indexOf(event.target);
    if (at < 0) return;
    let next = null;
    if (event.key in moves) next = marks[at + moves[event.key]];
    else if (event.key === "Home") next = marks[0];
    else if (event.key === "End") next = marks[marks.length - 1];
    if (next) {
      event.preventDefault();
      current(next);
      next.focus();
    }
  });
  return current;
}
