#!/usr/bin/env python3
"""Build the static evidence browser: `python scripts/build_site.py [PACKAGE_DIR] [--out site]`."""

import argparse
import sys
from pathlib import Path

try:
    from security_diplomacy.site.render import build_site
except ImportError:  # not installed: run from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from security_diplomacy.site.render import build_site

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("package_dir", nargs="?", default=".")
    parser.add_argument("--out", default="site")
    args = parser.parse_args()
    pages = build_site(Path(args.package_dir), Path(args.out))
    print(f"wrote {len(pages)} pages to {args.out}/ (open {args.out}/index.html)")
