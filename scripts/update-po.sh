#!/usr/bin/env bash
# Brings po/zh_CN.po up to date with the source: xgettext collects every marked message into
# po/csdesk.pot, msgmerge adds the new ones to po/zh_CN.po (untranslated) and marks changed ones
# fuzzy. Translate those, then rebuild; the catalogue test fails while any is left.
set -euo pipefail
cd "$(dirname "$0")/.."
pot=${1:-po/csdesk.pot}
# Every keyword a message is marked with (src/util/i18n.hpp, src/util/error.hpp).
keywords=(-ktr -ktr_ctx:1c,2 -ktr_n:1,2 -ktrf -ktr_noop -ktr_ctx_noop:1c,2 -kstored_sentence:1c,2
          -kfail:2 -kfail_invalid -kfail_not_found -kfail_conflict -kfail_not_permitted -kfail_usage)
find src commands -name '*.cpp' -o -name '*.hpp' | LC_ALL=C sort >po/POTFILES
xgettext --language=C++ --from-code=UTF-8 --no-wrap --sort-by-file --add-comments=TRANSLATORS: \
  --package-name=csdesk --msgid-bugs-address=https://example.invalid/csdesk \
  "${keywords[@]}" --files-from=po/POTFILES -o "$pot"
rm -f po/POTFILES
if [ "$pot" = po/csdesk.pot ]; then
  msgmerge --quiet --update --no-wrap --backup=none --previous po/zh_CN.po "$pot"
fi
