"""Run findgroup as `python -m findgroup`."""

from findgroup.cli import main

main()
