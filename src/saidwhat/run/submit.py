"""The file to hand to ``spark-submit``: it runs ``saidwhat.run.spark.main`` with absolute imports,
since spark-submit runs an application file as a script, outside its package.
"""

import sys

from saidwhat.run.spark import main

if __name__ == "__main__":
    sys.exit(main())
