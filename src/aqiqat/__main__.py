from aqiqat.cli.main import main

raise SystemExit(main())
