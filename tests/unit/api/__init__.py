"""Tests of sfspec.api, the use cases the CLI is a thin shell over (a package: test_adopt.py is also
the name of tests/unit/landscape's adopt test)."""
