"""`python -m handouts`: the same command line as the `handouts` script."""

from handouts.cli.main import main

main()
