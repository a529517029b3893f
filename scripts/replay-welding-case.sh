#!/usr/bin/env bash
# Replays the seed's Jinshan welding case against a running Redline, as its users would, through the
# public API and a real MQTT client (issue 11):
#   - jinshan.inspector registers a welding shop of 上海恒锐精密机械有限公司 at Zhangyan Town (张堰镇,
#     310116103), an external contractor, and two welders on that site: 李某某 (the contractor's, no
#     welding certificate) and a certified colleague of the enterprise (valid EM-02 certificate);
#   - an access gate and an AI camera are registered on the site (their tokens are shown once);
#   - with mosquitto_pub (QoS 1, user = device code, password = token) the gate checks both welders in
#     and the camera then reports welding;
#   - exactly one alarm must name 李某某 and his employer, not the colleague;
#   - the inspector verifies it and enforces off site naming jinshan.inspector2 as the second officer,
#     who confirms on both drafts; the documents are issued, downloaded and rendered with pdftoppm.
#
# Usage: scripts/replay-welding-case.sh [BASE_URL] [MQTT_PORT] [OUT_DIR]
#   BASE_URL  default $REDLINE_URL or http://127.0.0.1:3000
#   MQTT_PORT default $MQTT_PORT or 1884 (host: $MQTT_HOST or the host of BASE_URL)
#   OUT_DIR   default $OUT_DIR or $TMPDIR/redline-replay-welding (the PDFs and their PNG pages)
#   PASSWORD  env, default the demo password Redline2026!
# Needs: bash, curl, jq, mosquitto_pub, pdftoppm. Re-runnable: records found by name/code are reused,
# the gate is re-keyed, each run registers a new camera and sends new event ids.
set -euo pipefail

BASE="${1:-${REDLINE_URL:-http://127.0.0.1:3000}}"
BASE="${BASE%/}"
MQTT_PORT="${2:-${MQTT_PORT:-1884}}"
OUT="${3:-${OUT_DIR:-${TMPDIR:-/tmp}/redline-replay-welding}}"
PASSWORD="${PASSWORD:-Redline2026!}"
HOSTPART="${BASE#*://}"
HOSTPART="${HOSTPART%%/*}"
MQTT_HOST="${MQTT_HOST:-${HOSTPART%%:*}}"

REGION=310116103 # 上海市金山区张堰镇
ANCHOR_NAME='上海恒锐精密机械有限公司'
SITE_NAME='恒锐张堰钢结构焊接车间'
CONTRACTOR_NAME='上海锐焊钢结构安装工程有限公司' # fiction
WELDER_NAME='李某某'
COLLEAGUE_NAME='张立军' # fiction
GATE_CODE='ZY-GATE-0001'
# A camera of its own per run (CAM_CODE to choose): the rule engine keeps one incident per device, so a
# detection within the rule's dedup + cool-down (10 + 30 min) of an earlier run's would update that
# run's alarm instead of raising a new one.
CAM_CODE="${CAM_CODE:-ZY-CAM-$(date +%y%m%d%H%M%S)}"

for tool in curl jq mosquitto_pub pdftoppm; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 2; }
done
mkdir -p "$OUT"
JAR_DIR="$(mktemp -d)"
trap 'rm -rf "$JAR_DIR"' EXIT

step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

# api JAR METHOD PATH [JSON] — prints the response body; a non-2xx answer stops the script with it.
api() {
  local jar="$1" method="$2" path="$3" body="${4:-}" out status
  out="$(mktemp -p "$JAR_DIR")"
  if [[ -n "$body" ]]; then
    status=$(curl -sS -o "$out" -w '%{http_code}' -b "$jar" -X "$method" \
      -H 'content-type: application/json' --data-binary "$body" "$BASE$path")
  else
    status=$(curl -sS -o "$out" -w '%{http_code}' -b "$jar" -X "$method" "$BASE$path")
  fi
  if [[ "$status" != 2* ]]; then
    echo "$method $path → HTTP $status" >&2
    [[ -n "$body" ]] && echo "request: $body" >&2
    echo "response: $(cat "$out")" >&2
    exit 1
  fi
  cat "$out"
}
# get JAR PATH [name=value ...] — GET with URL-encoded query parameters.
get() {
  local jar="$1" path="$2" q=""
  shift 2
  for kv in "$@"; do q+="${q:+&}${kv%%=*}=$(jq -rn --arg v "${kv#*=}" '$v|@uri')"; done
  api "$jar" GET "$path${q:+?$q}"
}

login() {
  local jar="$JAR_DIR/$1.jar" status
  status=$(curl -sS -o /dev/null -w '%{http_code}' -c "$jar" -H 'content-type: application/json' \
    -d "$(jq -nc --arg u "$1" --arg p "$PASSWORD" '{username:$u,password:$p}')" "$BASE/api/auth/login")
  [[ "$status" == 200 ]] || fail "login as $1: HTTP $status"
  echo "$jar"
}

# Check characters (fictional numbers that pass the registry's validation).
resident_id() { # 17 digits → 18 (GB 11643-1999, ISO 7064 MOD 11-2)
  local s="$1" w=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) c='10X98765432' sum=0 i
  for i in {0..16}; do sum=$((sum + ${s:i:1} * w[i])); done
  echo "$s${c:sum%11:1}"
}
credit_code() { # 17 characters → 18 (GB 32100-2015)
  local s="$1" a='0123456789ABCDEFGHJKLMNPQRTUWXY' w=(1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28) sum=0 i v
  for i in {0..16}; do
    v="${a%%"${s:i:1}"*}"
    sum=$((sum + ${#v} * w[i]))
  done
  echo "$s${a:(31 - sum % 31) % 31:1}"
}
cst() { TZ=Asia/Shanghai date -d "@$1" +%Y-%m-%dT%H:%M:%S+08:00; }

step "log in ($BASE)"
INSP=$(login jinshan.inspector)
INSP2=$(login jinshan.inspector2)
INSP_ME=$(api "$INSP" GET /api/auth/me)
INSP2_ID=$(api "$INSP2" GET /api/auth/me | jq -r .id)
echo "jinshan.inspector = $(jq -r .displayName <<<"$INSP_ME"), jinshan.inspector2 id = $INSP2_ID"

step "the anchor enterprise and the site at Zhangyan Town ($REGION)"
ANCHOR_ID=$(get "$INSP" /api/enterprises "q=$ANCHOR_NAME" |
  jq -r --arg n "$ANCHOR_NAME" '[.items[] | select(.name == $n)][0].id // empty')
[[ -n "$ANCHOR_ID" ]] || fail "$ANCHOR_NAME is not in the registry (start with demo data)"
SITE=$(get "$INSP" /api/sites "q=$SITE_NAME" "enterpriseId=$ANCHOR_ID" |
  jq -c --arg n "$SITE_NAME" '[.items[] | select(.name == $n)][0] // empty')
if [[ -z "$SITE" ]]; then
  SITE=$(api "$INSP" POST /api/sites "$(jq -nc --arg n "$SITE_NAME" --arg e "$ANCHOR_ID" --arg r "$REGION" \
    '{name:$n, kind:"welding_shop", enterpriseId:$e, regionCode:$r, keyRiskSource:true, riskColour:"orange",
      address:"上海市金山区张堰镇工业园区振康路88号（虚构）", lat:30.8086, lng:121.2907}')")
  echo "registered site: $(jq -r '.name + " · " + .regionCode + " " + (.regionName // "?")' <<<"$SITE")"
else
  echo "site already registered: $(jq -r '.name + " · " + .regionCode + " " + (.regionName // "?")' <<<"$SITE")"
fi
SITE_ID=$(jq -r .id <<<"$SITE")
[[ "$(jq -r .regionCode <<<"$SITE")" == "$REGION" ]] || fail "site region is $(jq -r .regionCode <<<"$SITE"), not $REGION"

step "the external contractor"
CONTRACTOR_ID=$(get "$INSP" /api/enterprises "q=$CONTRACTOR_NAME" |
  jq -r --arg n "$CONTRACTOR_NAME" '[.items[] | select(.name == $n)][0].id // empty')
if [[ -z "$CONTRACTOR_ID" ]]; then
  CC=$(credit_code "91310116MA1K$(printf '%05d' $((RANDOM % 100000)))")
  CONTRACTOR_ID=$(api "$INSP" POST /api/enterprises "$(jq -nc --arg n "$CONTRACTOR_NAME" --arg c "$CC" --arg r "$REGION" \
    '{creditCode:$c, name:$n, industryCode:"construction", scale:"small", regionCode:$r,
      address:"上海市金山区张堰镇（虚构）", safetyPrincipal:"周某"}')" | jq -r .id)
  echo "registered $CONTRACTOR_NAME ($CC)"
else
  echo "$CONTRACTOR_NAME already registered"
fi

# worker NAME EMPLOYER_ID ID17 → worker JSON (registered unless one of that name works for that employer)
worker() {
  local w
  w=$(get "$INSP" /api/workers "q=$1" "employerId=$2" | jq -c --arg n "$1" '[.items[] | select(.name == $n)][0] // empty')
  if [[ -z "$w" ]]; then
    w=$(api "$INSP" POST /api/workers "$(jq -nc --arg n "$1" --arg e "$2" --arg id "$(resident_id "$3")" --arg r "$REGION" \
      '{name:$n, idNumber:$id, gender:"male", employerId:$e, trade:"welder", regionCode:$r}')")
  fi
  echo "$w"
}

step "two welders on the site"
WELDER=$(worker "$WELDER_NAME" "$CONTRACTOR_ID" 31011619840517041)
WELDER_ID=$(jq -r .id <<<"$WELDER")
COLLEAGUE=$(worker "$COLLEAGUE_NAME" "$ANCHOR_ID" 31011619870312003)
COLLEAGUE_ID=$(jq -r .id <<<"$COLLEAGUE")
if [[ "$(jq '[.certificates[] | select(.categoryCode == "EM-02" and .status != "expired")] | length' <<<"$COLLEAGUE")" == 0 ]]; then
  CERT=$(api "$INSP" POST /api/certificates "$(jq -nc --arg w "$COLLEAGUE_ID" \
    '{workerId:$w, categoryCode:"EM-02", number:"T310116198703120034", issuedOn:"2024-03-01",
      expiresOn:"2030-02-28", nextReviewOn:"2027-03-01", issuer:"上海市应急管理局"}')")
  echo "recorded certificate $(jq -r '.categoryName + " " + .number + " (" + .status + ", expires " + .expiresOn + ")"' <<<"$CERT")"
fi
for w in "$WELDER_ID" "$COLLEAGUE_ID"; do
  get "$INSP" "/api/workers/$w" | jq -r '"  " + .name + " · " + (.employerName // "?") + " · certificates: " +
    (if (.certificates | length) == 0 then "none" else ([.certificates[] | .categoryName + " " + .number + " " + .status] | join(", ")) end)'
done
[[ "$(get "$INSP" "/api/workers/$WELDER_ID" | jq '[.certificates[] | select((.categoryCode == "EM-02" or .categoryCode == "HS-07") and .status != "expired")] | length')" == 0 ]] ||
  fail "$WELDER_NAME has a valid welding certificate: the case needs him without one"

# device CODE KIND NAME → "topic token"
device() {
  local id d
  id=$(get "$INSP" /api/devices "q=$1" | jq -r --arg c "$1" '[.items[] | select(.code == $c)][0].id // empty')
  if [[ -z "$id" ]]; then
    d=$(api "$INSP" POST /api/devices "$(jq -nc --arg c "$1" --arg k "$2" --arg n "$3" --arg s "$SITE_ID" \
      '{code:$c, kind:$k, name:$n, siteId:$s, heartbeatSeconds:60}')")
  else
    d=$(api "$INSP" POST "/api/devices/$id/token" '{}')
    if [[ "$(jq -r .siteId <<<"$d")" != "$SITE_ID" ]]; then
      d=$(jq -c --argjson m "$(api "$INSP" PATCH "/api/devices/$id" "$(jq -nc --arg s "$SITE_ID" '{siteId:$s}')")" \
        '.mqttTopic = $m.mqttTopic' <<<"$d")
    fi
  fi
  jq -r '.mqttTopic + " " + .token' <<<"$d"
}

step "an access gate and an AI camera on the site"
read -r GATE_TOPIC GATE_TOKEN < <(device "$GATE_CODE" access_gate '焊接车间门禁闸机')
read -r CAM_TOPIC CAM_TOKEN < <(device "$CAM_CODE" ai_camera '焊接车间AI摄像机')
echo "gate   $GATE_CODE → $GATE_TOPIC"
echo "camera $CAM_CODE → $CAM_TOPIC"
[[ "$CAM_TOPIC" == "redline/v1/$REGION/$SITE_ID/$CAM_CODE/events" ]] || fail "unexpected camera topic $CAM_TOPIC"

# publish CODE TOKEN TOPIC JSON — QoS 1: mosquitto_pub returns after the PUBACK (sent after commit).
publish() {
  mosquitto_pub -h "$MQTT_HOST" -p "$MQTT_PORT" -q 1 -i "replay-$1-$$" -u "$1" -P "$2" -t "$3" -m "$4" ||
    fail "mosquitto_pub as $1 on $3"
  echo "published $(jq -r '.type + " " + .eventId' <<<"$4")"
}

step "MQTT: both welders check in at the gate, then the camera sees welding"
RUN=$(date +%s)
SINCE=$((RUN - 5))
publish "$GATE_CODE" "$GATE_TOKEN" "$GATE_TOPIC" "$(jq -nc --arg d "$GATE_CODE" --arg t "$(cst $((RUN - 120)))" \
  --arg w "$WELDER_ID" --arg e "$GATE_CODE-$RUN-in-1" \
  '{schema:"redline.event/1", eventId:$e, deviceId:$d, time:$t, type:"attendance", values:{worker:$w, direction:"in"}}')"
publish "$GATE_CODE" "$GATE_TOKEN" "$GATE_TOPIC" "$(jq -nc --arg d "$GATE_CODE" --arg t "$(cst $((RUN - 115)))" \
  --arg w "$COLLEAGUE_ID" --arg e "$GATE_CODE-$RUN-in-2" \
  '{schema:"redline.event/1", eventId:$e, deviceId:$d, time:$t, type:"attendance", values:{worker:$w, direction:"in"}}')"
publish "$CAM_CODE" "$CAM_TOKEN" "$CAM_TOPIC" "$(jq -nc --arg d "$CAM_CODE" --arg t "$(cst "$RUN")" --arg e "$CAM_CODE-$RUN-weld" \
  '{schema:"redline.event/1", eventId:$e, deviceId:$d, time:$t, type:"detection",
    detections:[{type:"welding", confidence:0.93, box:{x:0.41, y:0.38, w:0.12, h:0.22}},
                {type:"sparks", confidence:0.88}, {type:"person", confidence:0.97}]}')"

step "the alarm"
iso_s='sub("\\.[0-9]+"; "") | fromdateiso8601'
ALARMS='[]'
for _ in $(seq 1 30); do
  ALARMS=$(get "$INSP" /api/alarms "siteId=$SITE_ID" pageSize=50 |
    jq -c --argjson since "$SINCE" "[.items[] | select((.lastEventAt | $iso_s) >= \$since)]")
  [[ "$(jq length <<<"$ALARMS")" -ge 1 ]] && { sleep 2; break; }
  sleep 1
done
ALARMS=$(get "$INSP" /api/alarms "siteId=$SITE_ID" pageSize=50 |
  jq -c --argjson since "$SINCE" "[.items[] | select((.lastEventAt | $iso_s) >= \$since)]")
jq -r '.[] | "  " + .number + " · " + .type + " · " + .severity + " · " + .status + " · " + .rule.name.zh' <<<"$ALARMS"
[[ "$(jq length <<<"$ALARMS")" == 1 ]] || fail "expected exactly one alarm on the site from this run, got $(jq length <<<"$ALARMS")"
ALARM_ID=$(jq -r '.[0].id' <<<"$ALARMS")
ALARM=$(api "$INSP" GET "/api/alarms/$ALARM_ID")
echo "facts:       $(jq -c .facts <<<"$ALARM")"
echo "cross-check: $(jq -c .crossCheck <<<"$ALARM")"
ALARM_TEXT=$(jq -c '{facts, crossCheck}' <<<"$ALARM")
grep -q "$WELDER_NAME" <<<"$ALARM_TEXT" || fail "the alarm does not name $WELDER_NAME"
grep -q "$CONTRACTOR_NAME" <<<"$ALARM_TEXT" || fail "the alarm does not name his employer $CONTRACTOR_NAME"
# Who the alarm holds to account: the uncertified on duty, by name and employer — never the colleague.
UNCERTIFIED=$(jq -c '[.crossCheck.facts[]? | select(.code == "UNCERTIFIED_ON_DUTY") | .params | {worker, employer}]' <<<"$ALARM")
echo "uncertified on duty: $UNCERTIFIED"
[[ "$UNCERTIFIED" == "$(jq -nc --arg w "$WELDER_NAME" --arg e "$CONTRACTOR_NAME" '[{worker:$w, employer:$e}]')" ]] ||
  fail "the alarm should hold exactly $WELDER_NAME ($CONTRACTOR_NAME) to account, not: $UNCERTIFIED"

step "verify it, then enforce off site with jinshan.inspector2 as the second officer"
for action in acknowledge verify_real; do
  if jq -e --arg a "$action" '.allowedActions | index($a)' <<<"$ALARM" >/dev/null; then
    ALARM=$(api "$INSP" POST "/api/alarms/$ALARM_ID/actions" "$(jq -nc --arg a "$action" '{action:$a, note:"视频复核：焊接作业属实（回放脚本）"}')")
    echo "  $action → $(jq -r .status <<<"$ALARM")"
  fi
done
[[ "$(jq -r .status <<<"$ALARM")" == verified ]] || fail "alarm is $(jq -r .status <<<"$ALARM"), not verified"
api "$INSP" GET "/api/alarms/$ALARM_ID/enforcement" | jq -r '.drafts[] | "  draft: " + .title'
RESULT=$(api "$INSP" POST "/api/alarms/$ALARM_ID/enforcement" "$(jq -nc --arg o "$INSP2_ID" \
  '{documents:["rectification_order","treatment_decision"], coOfficerId:$o}')")
jq -r '.documents[] | "  " + .kind + " " + .id + " · " + .status' <<<"$RESULT"
DOC_IDS=$(jq -r '.documents[].id' <<<"$RESULT")

step "jinshan.inspector2 confirms on each document; issue"
ISSUERS=(jinshan.inspector jinshan.inspector2 jinshan.leader)
for id in $DOC_IDS; do
  doc=$(api "$INSP2" GET "/api/documents/$id")
  if [[ "$(jq -r .status <<<"$doc")" == draft ]]; then
    api "$INSP2" POST "/api/documents/$id/officers/confirm" >/dev/null
    doc=$(api "$INSP" GET "/api/documents/$id")
    jq -r '"  " + .kind + ": officers " + ([.officers[] | .name + " " + (.licenceNo // "无证号") + (if .confirmed then " ✓" else " (待确认)" end)] | join("; ")) + " · rule ok: " + (.officerRule.ok|tostring)' <<<"$doc"
    issued=""
    for u in "${ISSUERS[@]}"; do
      jar=$(login "$u")
      if [[ "$(api "$jar" GET "/api/documents/$id" | jq -r .canIssue)" == true ]]; then
        doc=$(api "$jar" POST "/api/documents/$id/issue")
        issued="$u"
        break
      fi
    done
    [[ -n "$issued" ]] || fail "nobody of ${ISSUERS[*]} may issue $id: $(jq -c '{missing, officerRule}' <<<"$doc")"
    echo "  issued by $issued as $(jq -r .number <<<"$doc")"
  fi
done

step "download and render the PDFs into $OUT"
SUMMARY_DOCS=""
for id in $DOC_IDS; do
  doc=$(api "$INSP" GET "/api/documents/$id")
  num=$(jq -r .number <<<"$doc")
  file="$OUT/$(jq -r .kind <<<"$doc")-$(grep -o '[0-9]\+' <<<"$num" | paste -sd- -)"
  status=$(curl -sS -o "$file.pdf" -w '%{http_code}' -b "$INSP" "$BASE/api/documents/$id/pdf")
  [[ "$status" == 200 ]] || fail "GET /api/documents/$id/pdf → HTTP $status"
  rm -f "$file"-*.png
  pdftoppm -png -r 60 "$file.pdf" "$file"
  pages=$(ls "$file"-*.png | wc -l)
  echo "  $file.pdf ($pages page(s)): $(ls "$file"-*.png | tr '\n' ' ')"
  SUMMARY_DOCS+="  $(jq -r '.title // .kind' <<<"$doc") $num · officers: $(jq -r '[.officers[] | .name + "（执法证号 " + (.licenceNo // "无") + "）"] | join("、")' <<<"$doc") · $pages page(s)"$'\n'
done

step "summary"
echo "alarm:     $(jq -r '.number + " (" + .id + ") · " + .type + " · " + .status' <<<"$(api "$INSP" GET "/api/alarms/$ALARM_ID")")"
echo "site:      $SITE_NAME · $REGION $(jq -r '.regionName // ""' <<<"$SITE") · $ANCHOR_NAME"
echo "welder:    $WELDER_NAME ($CONTRACTOR_NAME, no welding certificate); colleague on duty: $COLLEAGUE_NAME ($ANCHOR_NAME, EM-02 valid)"
echo "documents:"
printf '%s' "$SUMMARY_DOCS"
