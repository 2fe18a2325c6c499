"""The registrars' desk as a whole: its admin site (the order of its groups, the dashboard on
its home page), the dashboard's counts and charts, and the data-quality report. The models'
pages are registry.admin."""
