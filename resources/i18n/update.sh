#!/usr/bin/env bash
# Re-extracts the screens' strings into the zh_CN catalogue and compiles it.
# Translate new strings in hallqueue_zh_CN.ts (Qt Linguist: .venv/bin/pyside6-linguist), then
# run this again. Source strings are English; Simplified Chinese is the default language.
set -euo pipefail
cd "$(dirname "$0")/../.."
.venv/bin/pyside6-lupdate app/ui/*.py -ts resources/i18n/hallqueue_zh_CN.ts -no-obsolete
.venv/bin/pyside6-lrelease resources/i18n/hallqueue_zh_CN.ts -qm resources/i18n/hallqueue_zh_CN.qm
# The admin console has its own catalogue (app/ui/admin/language.py loads both).
.venv/bin/pyside6-lupdate app/ui/admin/*.py -ts resources/i18n/hallqueue_admin_zh_CN.ts -no-obsolete
.venv/bin/pyside6-lrelease resources/i18n/hallqueue_admin_zh_CN.ts -qm resources/i18n/hallqueue_admin_zh_CN.qm
