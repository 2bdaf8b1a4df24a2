"""python3 -m libtax.web: the same as the libtax-web command."""
import sys

from . import main

sys.exit(main())
