from riskkit.cli import main

raise SystemExit(main())
