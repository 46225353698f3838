"""The file to hand ``spark-submit``: it runs the ``onrecord`` command line in the driver
that spark-submit starts, on the master and configuration it was given::

    spark-submit --master yarn --archives onrecord-env.tar.gz#env \\
        "$(python -c 'import onrecord.spark.submit as s; print(s.__file__)')" \\
        spark run s3a://bucket/crawl/ --out s3a://bucket/onrecord/
"""

from onrecord.cli import main

__all__: list[str] = []

if __name__ == "__main__":
    main()
