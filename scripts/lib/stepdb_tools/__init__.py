"""Course tooling for StepDB: the grader (scripts/grade) and the starter generator
(scripts/make-starter). Standard library only, so it runs on Debian's /usr/bin/python3."""
