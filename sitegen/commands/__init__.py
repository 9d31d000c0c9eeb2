"""The command line (cli.py) and the commands beside building: new, intake, diff.

May import every other sub-package; none imports this one."""
