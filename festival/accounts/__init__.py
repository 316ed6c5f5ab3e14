"""People, their roles, signing in and who may reach what.

Route access is declared at each route (`access.py`); role sets are named once in `enums.py`.
CONTRIBUTING.md lists the one way each recurring thing is done."""
