from dashlib.cli import main

raise SystemExit(main())
