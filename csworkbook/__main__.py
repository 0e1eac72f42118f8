"""Allow ``python -m csworkbook`` as a synonym of the ``csworkbook`` command."""
from csworkbook.cli import main

raise SystemExit(main())
