from sfspec.cli import main

raise SystemExit(main())
