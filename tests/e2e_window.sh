#!/usr/bin/env bash
# e2e_window.sh ENTENTE: the viewer in a real window under Xvfb, driven like a user would:
# press space twice (two rounds), click the first actor, take a screenshot with F12; the picture
# must change and the process must stay alive. Run from the project root.
set -u
entente=$(readlink -f "${1:?usage: e2e_window.sh PATH_TO_ENTENTE}")
for tool in xvfb-run xdotool import compare; do
  command -v "$tool" >/dev/null || { echo "missing $tool (make test installs it)"; exit 1; }
done
work=$(mktemp -d /tmp/entente-e2e.XXXXXX)
export ENTENTE_SESSION_DIR=$work   # the viewer autosaves classroom sessions: keep them here
trap 'rm -rf "$work"' EXIT
scenario=$PWD/scripts/scenarios/ukraine_guarantees.lua
cat >"$work/drive.sh" <<SH
set -u
cd "$work"
"$entente" view "$scenario" >"$work/view.log" 2>&1 &
pid=\$!
wid=\$(timeout 20 xdotool search --sync --name '^entente' | head -1)
[ -n "\$wid" ] || { echo "no window titled entente"; cat "$work/view.log"; kill \$pid; exit 1; }
sleep 1; import -window root "$work/before.png"
xdotool key --window \$wid space; sleep 0.5; xdotool key --window \$wid space; sleep 1
import -window root "$work/after.png"
# the first actor sits at the top of the ring: click it, then F12 for a screenshot
xdotool mousemove --window \$wid 330 120 click 1; sleep 0.5
xdotool key --window \$wid F12; sleep 1
kill -0 \$pid 2>/dev/null || { echo "the viewer died"; cat "$work/view.log"; exit 1; }
kill \$pid; wait \$pid 2>/dev/null
exit 0
SH
ASAN_OPTIONS=detect_leaks=0 timeout 90 xvfb-run -a -s "-screen 0 1280x720x24" bash "$work/drive.sh" \
  >"$work/out.txt" 2>&1 || { echo "window test failed:"; cat "$work/out.txt"; exit 1; }
changed=$(compare -metric AE "$work/before.png" "$work/after.png" null: 2>&1 | cut -d' ' -f1)
changed=${changed%.*}
(( changed > 100 )) || { echo "the screen did not change after two rounds ($changed pixels)"; exit 1; }
ls "$work"/entente-screenshot-*.png >/dev/null 2>&1 || { echo "F12 wrote no screenshot"; exit 1; }
echo "1 passed, 0 failed: two rounds changed $changed pixels; screenshot written"
