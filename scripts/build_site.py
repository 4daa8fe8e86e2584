#!/usr/bin/env python3
"""Build the static evidence browser: `python scripts/build_site.py [PACKAGE_DIR] [--out site]`."""

import argparse
from pathlib import Path

import _bootstrap

with _bootstrap.dependencies():
    from security_diplomacy.site.render import build_site

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("package_dir", nargs="?", default=".")
    parser.add_argument("--out", default="site")
    args = parser.parse_args()
    pages = build_site(Path(args.package_dir), Path(args.out))
    print(f"wrote {len(pages)} pages to {args.out}/ (open {args.out}/index.html)")
