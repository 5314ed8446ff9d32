# Shared functions of Paceline's stand-ins for Pacemaker's attribute tools
# (crm_attribute, crm_master, attrd_updater, crm_node). Sourced, not run.
#
# The tools talk to the local node's admin API with curl. The OCF plugin sets:
#   PACELINE_NODE_NAME              the local node's name
#   PACELINE_ADMIN_URL_FILE         the file holding the admin API's base URL
#                                   (PACELINE_ADMIN_URL, when set, is used instead)
#   PACELINE_ADMIN_CREDENTIAL_FILE  the file holding user:password
# Exit codes are Pacemaker's: 0 ok, 1 error, 3 unsupported, 64 usage,
# 77 credential refused, 102 admin API unreachable, 105 no such attribute.

PL_TOOL=${0##*/}
PL_NL='
'

# pl_die CODE MESSAGE...: the message on stderr, then exit with CODE
pl_die() {
    pl_code=$1
    shift
    printf '%s: %s\n' "$PL_TOOL" "$*" >&2
    exit "$pl_code"
}

# pl_usage MESSAGE...: a usage error (exit 64)
pl_usage() {
    pl_die 64 "$* (see $PL_TOOL --help)"
}

# pl_check_text WHAT TEXT: refuses control characters (newline, tab, ...)
pl_check_text() {
    case $2 in
    *[[:cntrl:]]*) pl_usage "the $1 must not contain control characters" ;;
    esac
}

# pl_node_name: the local node's name
pl_node_name() {
    if [ -n "${PACELINE_NODE_NAME:-}" ]; then
        printf '%s\n' "$PACELINE_NODE_NAME"
    elif [ -n "${OCF_RESKEY_CRM_meta_on_node:-}" ]; then
        printf '%s\n' "$OCF_RESKEY_CRM_meta_on_node"
    else
        pl_die 102 "the local node's name is unknown: PACELINE_NODE_NAME is not set (run this from an agent that a Paceline node runs)"
    fi
}

# pl_admin_url: the admin API's base URL, ending in /
pl_admin_url() {
    if [ -n "${PACELINE_ADMIN_URL:-}" ]; then
        pl_url=$PACELINE_ADMIN_URL
    elif [ -n "${PACELINE_ADMIN_URL_FILE:-}" ]; then
        if [ ! -r "$PACELINE_ADMIN_URL_FILE" ]; then
            pl_die 102 "cannot read the node's admin API address from $PACELINE_ADMIN_URL_FILE (is the node running?)"
        fi
        pl_url=
        IFS= read -r pl_url <"$PACELINE_ADMIN_URL_FILE" || true
        [ -n "$pl_url" ] || pl_die 102 "$PACELINE_ADMIN_URL_FILE is empty: no admin API address"
    else
        pl_die 102 "the node's admin API is unknown: neither PACELINE_ADMIN_URL nor PACELINE_ADMIN_URL_FILE is set (run this from an agent that a Paceline node runs)"
    fi
    case $pl_url in
    http://* | https://*) ;;
    *) pl_die 102 "the admin API address '$pl_url' is not an http(s) URL" ;;
    esac
    case $pl_url in
    */) printf '%s' "$pl_url" ;;
    *) printf '%s/' "$pl_url" ;;
    esac
}

# pl_urlencode TEXT: TEXT for a URL path segment (all but unreserved characters escaped)
pl_urlencode() {
    printf '%s' "$1" | od -An -v -tx1 | LC_ALL=C awk '
        BEGIN { for (i = 0; i < 256; i++) code[sprintf("%02x", i)] = i }
        {
            for (i = 1; i <= NF; i++) {
                c = code[$i]
                if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) \
                    || c == 45 || c == 46 || c == 95 || c == 126)
                    printf "%c", c
                else
                    printf "%%%s", toupper($i)
            }
        }'
}

# pl_json_string TEXT: TEXT as a JSON string (TEXT has no control characters)
pl_json_string() {
    printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"
}

# pl_json_field NAME < JSON: the value of the top-level field NAME of a JSON object,
# decoded; fails (status 1) when it is missing or null
pl_json_field() {
    LC_ALL=C awk -v want="$1" '
        function hexval(h,    i, v, c) {
            v = 0
            for (i = 1; i <= length(h); i++) {
                c = index("0123456789abcdef", tolower(substr(h, i, 1)))
                if (c == 0) return 63
                v = v * 16 + c - 1
            }
            return v
        }
        function utf8(cp) {
            if (cp < 128) return sprintf("%c", cp)
            if (cp < 2048) return sprintf("%c%c", 192 + int(cp / 64), 128 + cp % 64)
            if (cp >= 55296 && cp < 57344) return "?"
            return sprintf("%c%c%c", 224 + int(cp / 4096), 128 + int(cp / 64) % 64, 128 + cp % 64)
        }
        function decode(s,    out, i, c, e) {
            out = ""
            for (i = 1; i <= length(s); i++) {
                c = substr(s, i, 1)
                if (c != "\\") { out = out c; continue }
                i++
                e = substr(s, i, 1)
                if (e == "n") out = out "\n"
                else if (e == "t") out = out "\t"
                else if (e == "r") out = out "\r"
                else if (e == "b") out = out "\b"
                else if (e == "f") out = out "\f"
                else if (e == "u") { out = out utf8(hexval(substr(s, i + 1, 4))); i += 4 }
                else out = out e
            }
            return out
        }
        { text = text $0 "\n" }
        END {
            n = length(text); depth = 0; state = "key"; key = ""
            i = 1
            while (i <= n) {
                c = substr(text, i, 1)
                if (c == "\"") {
                    s = ""
                    for (j = i + 1; j <= n; j++) {
                        d = substr(text, j, 1)
                        if (d == "\\") { s = s d substr(text, j + 1, 1); j++; continue }
                        if (d == "\"") break
                        s = s d
                    }
                    i = j + 1
                    if (depth == 1 && state == "key") { key = decode(s); state = "colon" }
                    else if (depth == 1 && state == "value") {
                        if (key == want) { printf "%s", decode(s); exit 0 }
                        state = "next"
                    }
                    continue
                }
                if (c == "{" || c == "[") {
                    depth++
                    if (depth == 2 && state == "value") state = "nested"
                    i++
                    continue
                }
                if (c == "}" || c == "]") {
                    depth--
                    if (depth == 1 && state == "nested") state = "next"
                    i++
                    continue
                }
                if (depth == 1 && c == ":" && state == "colon") { state = "value"; i++; continue }
                if (depth == 1 && c == ",") { state = "key"; i++; continue }
                if (depth == 1 && state == "value" && c !~ /[ \t\r\n]/) {
                    lit = ""
                    while (i <= n && substr(text, i, 1) !~ /[,} \t\r\n]/) { lit = lit substr(text, i, 1); i++ }
                    if (key == want) { if (lit == "null") exit 1; printf "%s", lit; exit 0 }
                    state = "next"
                    continue
                }
                i++
            }
            exit 1
        }'
}

# pl_request METHOD PATH [BODY]: calls the admin API (PATH below /api/v1/); sets
# PL_STATUS (the HTTP status) and PL_BODY (the JSON answer); exits when the API
# cannot be reached or refuses the credential
pl_request() {
    pl_method=$1
    pl_path=$2
    pl_body=${3-}
    pl_base=$(pl_admin_url) || exit $?
    pl_cred_file=${PACELINE_ADMIN_CREDENTIAL_FILE:-}
    [ -n "$pl_cred_file" ] ||
        pl_die 102 "the admin API's credential is unknown: PACELINE_ADMIN_CREDENTIAL_FILE is not set"
    [ -r "$pl_cred_file" ] || pl_die 77 "cannot read the admin credential $pl_cred_file"
    pl_cred=
    IFS= read -r pl_cred <"$pl_cred_file" || true
    [ -n "$pl_cred" ] || pl_die 77 "the admin credential file $pl_cred_file is empty"
    pl_auth=$(printf '%s' "$pl_cred" | base64 | tr -d '\n')
    if [ "$pl_method" = GET ]; then
        pl_answer=$(printf 'Authorization: Basic %s\n' "$pl_auth" |
            curl -sS -H @- --connect-timeout 5 --max-time "${PACELINE_ADMIN_TIMEOUT:-40}" \
                -w '\n%{http_code}' "${pl_base}api/v1/$pl_path")
    else
        pl_answer=$(printf 'Authorization: Basic %s\n' "$pl_auth" |
            curl -sS -H @- --connect-timeout 5 --max-time "${PACELINE_ADMIN_TIMEOUT:-40}" \
                -X "$pl_method" -H 'Content-Type: application/json' --data-binary "$pl_body" \
                -w '\n%{http_code}' "${pl_base}api/v1/$pl_path")
    fi
    pl_rc=$?
    if [ "$pl_rc" -ne 0 ]; then
        pl_die 102 "cannot reach the node's admin API at $pl_base (curl exit status $pl_rc)"
    fi
    PL_STATUS=${pl_answer##*"$PL_NL"}
    PL_BODY=${pl_answer%"$PL_NL"*}
    case $PL_STATUS in
    401) pl_die 77 "the admin API at $pl_base refused the credential in $pl_cred_file" ;;
    esac
}

# pl_fail: exits 1 with the admin API's error message
pl_fail() {
    pl_err=$(printf '%s' "$PL_BODY" | pl_json_field error) || pl_err="HTTP status $PL_STATUS"
    pl_die 1 "the admin API answered $PL_STATUS: $pl_err"
}

# pl_set NODE NAME VALUE|"" LIFETIME DELETE(1|""): sets or deletes an attribute
pl_set() {
    if [ -n "$5" ]; then
        pl_value=null
    else
        pl_value=$(pl_json_string "$3")
    fi
    pl_request POST "nodes/$(pl_urlencode "$1")/attributes" \
        "{\"name\":$(pl_json_string "$2"),\"value\":$pl_value,\"lifetime\":\"$4\"}"
    [ "$PL_STATUS" = 200 ] || pl_fail
}

# pl_get NODE NAME FIELD: prints the attribute's FIELD (transient, permanent or
# value); fails with status 105 when the attribute is not set
pl_get() {
    pl_request GET "nodes/$(pl_urlencode "$1")/attributes/$(pl_urlencode "$2")"
    if [ "$PL_STATUS" = 404 ] && printf '%s' "$PL_BODY" | pl_json_field name >/dev/null; then
        return 105
    fi
    [ "$PL_STATUS" = 200 ] || pl_fail
    printf '%s' "$PL_BODY" | pl_json_field "$3" || return 105
}
