#!/usr/bin/env python3
"""readme-snippets.py - the code snippets of README.md, for the tests
that run them as written.

    readme-snippets.py README count KIND    the number of snippets of KIND
    readme-snippets.py README get KIND I    snippet I (from 0) of KIND

KIND is one of:
    scheme-gimp2  ```scheme blocks without named arguments (GIMP 2.10)
    scheme-gimp3  ```scheme blocks with named arguments (#:, GIMP 3)
    python        ```python blocks (Python-Fu, GIMP 3)
    sh-gimp3      ```sh blocks that run gimp-console-3.0
    sh-gimp2      ```sh blocks that run gimp-console-2.10
"""
import sys


def blocks(path):
    """(language, text) of every fenced block, in order."""
    found, language, lines = [], None, []
    with open(path, encoding="utf-8") as readme:
        for line in readme:
            if line.startswith("```"):
                if language is None:
                    language, lines = line[3:].strip(), []
                else:
                    found.append((language, "".join(lines)))
                    language = None
            elif language is not None:
                lines.append(line)
    if language is not None:
        sys.exit("readme-snippets.py: %s: a block is not closed" % path)
    return found


def of_kind(kind, language, text):
    if kind == "scheme-gimp2":
        return language == "scheme" and "#:" not in text
    if kind == "scheme-gimp3":
        return language == "scheme" and "#:" in text
    if kind == "python":
        return language == "python"
    if kind == "sh-gimp3":
        return language == "sh" and "gimp-console-3.0" in text
    if kind == "sh-gimp2":
        return language == "sh" and "gimp-console-2.10" in text
    sys.exit("readme-snippets.py: unknown kind %s" % kind)


def main(argv):
    if len(argv) < 4 or argv[2] not in ("count", "get"):
        sys.exit(__doc__)
    snippets = [text for language, text in blocks(argv[1])
                if of_kind(argv[3], language, text)]
    if argv[2] == "count":
        print(len(snippets))
    else:
        sys.stdout.write(snippets[int(argv[4])])


if __name__ == "__main__":
    main(sys.argv)
