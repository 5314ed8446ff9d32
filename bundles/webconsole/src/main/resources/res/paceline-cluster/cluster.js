/*
 * Paceline: the Web Console's Cluster page. Plain JavaScript, no build step.
 *
 * Polls status.json (nodes, quorum, DC, resources, failed actions, constraints) and
 * events.json (recent cluster events) below the page's own URL and redraws the tables
 * in place. Every value from the cluster is put in the page with textContent, never
 * as HTML. Actions are POSTs to action.json with a JSON body and the
 * X-Paceline-Console header, after a confirmation dialog; their result is shown in
 * the banner at the top.
 */
(function () {
  'use strict';

  var STATUS_EVERY_MS = 1500;
  var EVENTS_EVERY_MS = 2000;
  var EVENTS_KEPT = 50;

  var page = document.getElementById('paceline-cluster');
  if (!page) {
    return;
  }
  // Absolute, from the origin: a page opened as http://user:password@host/... would
  // otherwise resolve relative URLs with the credentials in them, which fetch refuses.
  var base = window.location.origin + page.getAttribute('data-root');
  var lastStatus = null;
  var busy = false;
  var eventsNext = null; // the seq to ask for next; null: ask for the recent ones
  var events = []; // newest first

  function $(id) {
    return document.getElementById(id);
  }

  /** An element with attributes and children (strings become text nodes). */
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) {
          return;
        }
        if (k === 'className') {
          e.className = v;
        } else if (k === 'onclick') {
          e.addEventListener('click', v);
        } else {
          e.setAttribute(k, String(v));
        }
      });
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) {
        return;
      }
      e.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
    });
    return e;
  }

  function text(v) {
    return v === null || v === undefined ? '' : String(v);
  }

  function fillTable(tableId, emptyId, rows) {
    var body = $(tableId).tBodies[0];
    var fresh = document.createElement('tbody');
    rows.forEach(function (r) {
      fresh.appendChild(r);
    });
    body.parentNode.replaceChild(fresh, body);
    $(tableId).hidden = rows.length === 0;
    $(emptyId).hidden = rows.length !== 0;
  }

  function getJson(url) {
    return fetch(url, {
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { Accept: 'application/json' }
    }).then(function (r) {
      if (!r.ok) {
        throw new Error('HTTP ' + r.status + ' from ' + url);
      }
      return r.json();
    });
  }

  function showError(message) {
    var e = $('pl-error');
    e.textContent = message || '';
    e.hidden = !message;
  }

  function showResult(ok, message) {
    var r = $('pl-result');
    r.textContent = new Date().toLocaleTimeString() + ' ' + message;
    r.className = 'pl-banner ' + (ok ? 'pl-ok' : 'pl-fail');
    r.setAttribute('data-ok', ok ? 'true' : 'false');
    r.hidden = false;
  }

  // ---- actions -------------------------------------------------------------------

  var pending = null;

  function confirmAction(question, extra, action) {
    var dialog = $('pl-confirm');
    $('pl-confirm-text').textContent = question;
    var holder = $('pl-confirm-extra');
    while (holder.firstChild) {
      holder.removeChild(holder.firstChild);
    }
    if (extra) {
      holder.appendChild(extra);
    }
    pending = action;
    if (typeof dialog.showModal === 'function') {
      dialog.showModal();
    } else if (window.confirm(question)) {
      runPending();
    }
  }

  function closeDialog() {
    var dialog = $('pl-confirm');
    if (dialog.open) {
      dialog.close();
    }
  }

  function runPending() {
    var action = pending;
    pending = null;
    closeDialog();
    if (!action) {
      return;
    }
    if (action.needsNode) {
      var select = $('pl-move-node');
      action.body.node = select ? select.value : '';
      delete action.needsNode;
    }
    post(action.body);
  }

  function post(body) {
    busy = true;
    page.classList.add('pl-busy');
    showResult(true, 'Running: ' + describe(body) + '\u2026');
    fetch(base + '/action.json', {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'X-Paceline-Console': '1'
      },
      body: JSON.stringify(body)
    })
      .then(function (r) {
        return r
          .json()
          .catch(function () {
            return { ok: false, message: 'HTTP ' + r.status };
          })
          .then(function (answer) {
            showResult(r.ok && answer.ok, text(answer.message || 'HTTP ' + r.status));
          });
      })
      .catch(function (e) {
        showResult(false, describe(body) + ' failed: ' + e.message);
      })
      .then(function () {
        busy = false;
        page.classList.remove('pl-busy');
        pollStatusNow();
      });
  }

  function describe(body) {
    if (body.kind === 'node') {
      return body.action + ' node ' + body.target;
    }
    return body.action + ' ' + body.target + (body.node ? ' (' + body.node + ')' : '');
  }

  function button(label, title, onclick, extraClass) {
    return el(
      'button',
      {
        type: 'button',
        className: 'pl-action' + (extraClass ? ' ' + extraClass : ''),
        title: title,
        'data-action': label.toLowerCase(),
        onclick: function (ev) {
          ev.preventDefault();
          if (!busy) {
            onclick();
          }
        }
      },
      [label]
    );
  }

  function nodeAction(name, action) {
    var q =
      action === 'standby'
        ? 'Put node ' + name + ' in standby? Its resources move to other nodes.'
        : 'Bring node ' + name + ' back online? It may run resources again.';
    confirmAction(q, null, { body: { kind: 'node', target: name, action: action } });
  }

  function resourceAction(id, action, node) {
    var body = { kind: 'resource', target: id, action: action };
    var questions = {
      start: 'Start ' + id + '? (sets target-role=Started)',
      stop: 'Stop ' + id + '? (sets target-role=Stopped)',
      clear: 'Clear the move and ban constraints of ' + id + '?',
      cleanup:
        'Clean up ' +
        id +
        (node ? ' on ' + node : '') +
        '? Its failures and operation history are forgotten and it is probed again.'
    };
    if (action === 'move') {
      var nodes = (lastStatus && lastStatus.status && lastStatus.status.nodes) || [];
      var select = el('select', { id: 'pl-move-node' }, []);
      nodes.forEach(function (n) {
        select.appendChild(
          el('option', { value: n.name }, [n.name + ' (' + text(n.state) + ')'])
        );
      });
      var extra = el('label', { for: 'pl-move-node' }, ['Move to: ', select]);
      confirmAction(
        'Move ' + id + ' to another node? (a location constraint; Clear removes it)',
        extra,
        { body: body, needsNode: true }
      );
      return;
    }
    if (node) {
      body.node = node;
    }
    confirmAction(questions[action], null, { body: body });
  }

  $('pl-confirm-ok').addEventListener('click', runPending);
  $('pl-confirm-cancel').addEventListener('click', function () {
    pending = null;
    closeDialog();
  });
  $('pl-confirm').addEventListener('cancel', function () {
    pending = null;
  });

  // ---- rendering -----------------------------------------------------------------

  function render(s) {
    lastStatus = s;
    var st = s.status;
    if (!s.ok || !st) {
      showError(text(s.message) || 'No status from the node.');
    } else {
      showError('');
    }
    $('pl-updated').textContent = 'updated ' + new Date().toLocaleTimeString();
    if (st) {
      renderSummary(s, st);
      renderNodes(st);
      renderResources(st, s.targetRoles || {});
      renderFailed(st);
    }
    renderConstraints(s.constraints);
  }

  function renderSummary(s, st) {
    var q = st.quorum;
    var parts = ['Cluster ' + text(st.cluster)];
    parts.push((st.nodes || []).length + ' nodes');
    if (st.quorate) {
      parts.push('quorate' + (q ? ' (' + q.votes + ' of ' + q.expectedVotes + ' votes)' : ''));
    } else {
      parts.push('NO QUORUM' + (q ? ' (' + q.votes + ' of ' + q.expectedVotes + ' votes)' : ''));
    }
    parts.push('DC ' + (st.dc ? st.dc : 'none'));
    parts.push('seen from node ' + text(s.node));
    var summary = $('pl-summary');
    summary.textContent = parts.join(' \u00b7 ');
    summary.className = st.quorate ? 'pl-quorate' : 'pl-no-quorum';
    summary.setAttribute('data-quorate', st.quorate ? 'true' : 'false');
    summary.setAttribute('data-dc', text(st.dc));
  }

  function badge(state) {
    return el('span', { className: 'pl-badge pl-' + text(state) }, [text(state)]);
  }

  function renderNodes(st) {
    var rows = (st.nodes || []).map(function (n) {
      var actions = el('span', null, []);
      if (n.state === 'online') {
        actions.appendChild(
          button('Standby', 'Move its resources away', function () {
            nodeAction(n.name, 'standby');
          })
        );
      } else if (n.state === 'standby' || n.standby) {
        actions.appendChild(
          button('Online', 'Let it run resources again', function () {
            nodeAction(n.name, 'online');
          })
        );
      }
      var role = n.name === st.dc ? 'DC' : '';
      return el('tr', { 'data-node': n.name, 'data-state': n.state }, [
        el('td', { className: 'pl-name' }, [text(n.name)]),
        el('td', { className: 'pl-state' }, [badge(n.state)]),
        el('td', { className: 'pl-role' }, [role]),
        el('td', null, [text(n.address)]),
        el('td', null, [actions])
      ]);
    });
    fillTable('pl-nodes', 'pl-nodes-empty', rows);
  }

  /** Top-level items in configuration order: {id, type, members: [entries]}. */
  function topLevel(resources) {
    var order = [];
    var byId = {};
    resources.forEach(function (r) {
      var key = r.parent ? r.parent : r.id;
      if (!byId[key]) {
        byId[key] = { id: key, type: r.parent ? r.parentType || 'group' : 'primitive', members: [] };
        order.push(byId[key]);
      }
      byId[key].members.push(r);
    });
    return order;
  }

  function resourceButtons(id, role, targetRoles) {
    var span = el('span', null, []);
    var stopped = role === 'Stopped' || targetRoles[id] === 'Stopped';
    if (stopped) {
      span.appendChild(button('Start', 'Set target-role=Started', function () {
        resourceAction(id, 'start');
      }));
    } else {
      span.appendChild(button('Stop', 'Set target-role=Stopped', function () {
        resourceAction(id, 'stop');
      }));
    }
    span.appendChild(button('Move', 'Prefer another node', function () {
      resourceAction(id, 'move');
    }));
    span.appendChild(button('Clear', 'Remove move and ban constraints', function () {
      resourceAction(id, 'clear');
    }));
    span.appendChild(button('Cleanup', 'Forget failures and probe again', function () {
      resourceAction(id, 'cleanup');
    }));
    return span;
  }

  function roleCell(r) {
    return el('td', { className: 'pl-role pl-role-' + text(r.role).toLowerCase() }, [
      text(r.role) + (r.managed === false ? ' (unmanaged)' : '')
    ]);
  }

  function targetNote(id, targetRoles) {
    var t = targetRoles[id];
    return t ? el('span', { className: 'pl-muted' }, [' target-role=' + t]) : null;
  }

  function renderResources(st, targetRoles) {
    var rows = [];
    topLevel(st.resources || []).forEach(function (top) {
      if (top.type === 'primitive') {
        var r = top.members[0];
        top.members.forEach(function (m, i) {
          rows.push(
            el('tr', { 'data-resource': m.id, 'data-node': text(m.node), 'data-role': m.role }, [
              el('td', { className: 'pl-name' }, [text(m.id), targetNote(m.id, targetRoles)]),
              el('td', null, [text(m.agent)]),
              roleCell(m),
              el('td', { className: 'pl-node' }, [text(m.node)]),
              el('td', null, [i === 0 ? resourceButtons(r.id, allStopped(top) ? 'Stopped' : r.role, targetRoles) : null])
            ])
          );
        });
        return;
      }
      var where = distinct(top.members.map(function (m) { return m.node; }));
      rows.push(
        el('tr', {
          className: 'pl-parent',
          'data-resource': top.id,
          'data-type': top.type,
          'data-node': where.length === 1 ? where[0] : ''
        }, [
          el('td', { className: 'pl-name' }, [
            text(top.id), el('span', { className: 'pl-muted' }, [' (' + top.type + ')']),
            targetNote(top.id, targetRoles)
          ]),
          el('td', null, []),
          el('td', null, []),
          el('td', { className: 'pl-node' }, [where.join(', ')]),
          el('td', null, [resourceButtons(top.id, allStopped(top) ? 'Stopped' : 'Started', targetRoles)])
        ])
      );
      top.members.forEach(function (m) {
        rows.push(
          el('tr', {
            className: 'pl-child',
            'data-resource': m.id,
            'data-parent': top.id,
            'data-node': text(m.node),
            'data-role': m.role
          }, [
            el('td', { className: 'pl-name' }, ['\u2514 ' + text(m.id), targetNote(m.id, targetRoles)]),
            el('td', null, [text(m.agent)]),
            roleCell(m),
            el('td', { className: 'pl-node' }, [text(m.node)]),
            el('td', null, [])
          ])
        );
      });
    });
    fillTable('pl-resources', 'pl-resources-empty', rows);
  }

  function allStopped(top) {
    return top.members.every(function (m) { return m.role === 'Stopped'; });
  }

  function distinct(values) {
    var out = [];
    values.forEach(function (v) {
      if (v && out.indexOf(v) < 0) {
        out.push(v);
      }
    });
    return out;
  }

  function renderFailed(st) {
    var rows = (st.failedActions || []).map(function (f) {
      var op = text(f.operation) + (f.intervalMs ? ' (' + f.intervalMs / 1000 + 's)' : '');
      var result = 'rc=' + text(f.rc) + ' ' + text(f.status) +
        (f.exitReason ? ': ' + f.exitReason : '') + (f.recovered ? ' (recovered)' : '');
      return el('tr', { 'data-resource': f.resource, 'data-node': f.node }, [
        el('td', null, [text(f.resource)]),
        el('td', null, [op]),
        el('td', null, [text(f.node)]),
        el('td', null, [result]),
        el('td', null, [text(f.failCount)]),
        el('td', null, [text(f.lastRcChange)]),
        el('td', null, [button('Cleanup', 'Forget this failure', function () {
          resourceAction(f.resource, 'cleanup', f.node);
        })])
      ]);
    });
    fillTable('pl-failed', 'pl-failed-empty', rows);
  }

  function renderConstraints(list) {
    if (list === null || list === undefined) {
      fillTable('pl-constraints', 'pl-constraints-empty', []);
      $('pl-constraints-empty').textContent = 'The CIB is not running on this node yet.';
      return;
    }
    $('pl-constraints-empty').textContent = 'None.';
    var rows = list.map(function (c) {
      var clear = c.fromCli && c.resources && c.resources.length
        ? button('Clear', 'Remove the move/ban constraints of ' + c.resources[0], function () {
            resourceAction(c.resources[0], 'clear');
          })
        : null;
      return el('tr', { 'data-constraint': c.id }, [
        el('td', null, [text(c.kind)]),
        el('td', null, [text(c.id)]),
        el('td', null, [el('code', null, [text(c.text)])]),
        el('td', null, [clear])
      ]);
    });
    fillTable('pl-constraints', 'pl-constraints-empty', rows);
  }

  function renderEvents(available, message) {
    var empty = $('pl-events-empty');
    if (!available) {
      fillTable('pl-events', 'pl-events-empty', []);
      empty.textContent = 'Event log not available' + (message ? ' (' + message + ')' : '') + '.';
      empty.setAttribute('data-available', 'false');
      return;
    }
    empty.textContent = 'No events yet.';
    empty.setAttribute('data-available', 'true');
    var rows = events.map(function (e) {
      var details = e.payload && typeof e.payload === 'object' ? JSON.stringify(e.payload) : text(e.payload);
      if (details.length > 200) {
        details = details.substring(0, 200) + '\u2026';
      }
      return el('tr', { 'data-seq': e.seq, 'data-type': e.type }, [
        el('td', null, [text(e.seq)]),
        el('td', { className: 'pl-time', title: text(e.time) }, [shortTime(e.time)]),
        el('td', null, [text(e.node)]),
        el('td', null, [text(e.type)]),
        el('td', null, [text(e.subject)]),
        el('td', { className: 'pl-details' }, [details])
      ]);
    });
    fillTable('pl-events', 'pl-events-empty', rows);
  }

  /** The time of day of an ISO-8601 UTC time (the full time is the cell's tooltip). */
  function shortTime(iso) {
    var m = /T(\d\d:\d\d:\d\d(\.\d+)?)Z?$/.exec(text(iso));
    return m ? m[1] + ' UTC' : text(iso);
  }

  // ---- polling -------------------------------------------------------------------

  var statusTimer = null;

  function pollStatus() {
    statusTimer = null;
    getJson(base + '/status.json')
      .then(render)
      .catch(function (e) {
        showError('Cannot load the cluster status: ' + e.message);
      })
      .then(function () {
        if (statusTimer === null) {
          statusTimer = setTimeout(pollStatus, STATUS_EVERY_MS);
        }
      });
  }

  function pollStatusNow() {
    if (statusTimer !== null) {
      clearTimeout(statusTimer);
      pollStatus();
    }
  }

  function pollEvents() {
    var url = base + '/events.json' + (eventsNext === null ? '' : '?from=' + eventsNext);
    getJson(url)
      .then(function (answer) {
        if (!answer.available) {
          renderEvents(false, answer.message);
          return false;
        }
        var got = answer.events || [];
        var from = eventsNext;
        got.forEach(function (e) {
          if (typeof e.seq === 'number' && (from === null || e.seq >= from)) {
            events.push(e);
            eventsNext = Math.max(eventsNext === null ? 0 : eventsNext, e.seq + 1);
          }
        });
        if (typeof answer.next === 'number' && (eventsNext === null || answer.next > eventsNext)) {
          eventsNext = answer.next;
        }
        events.sort(function (a, b) { return b.seq - a.seq; });
        if (events.length > EVENTS_KEPT) {
          events.length = EVENTS_KEPT;
        }
        renderEvents(true);
        return got.length >= (answer.max || Infinity); // more waiting: ask again at once
      })
      .catch(function (e) {
        renderEvents(false, e.message);
        return false;
      })
      .then(function (more) {
        setTimeout(pollEvents, more ? 0 : EVENTS_EVERY_MS);
      });
  }

  pollStatus();
  pollEvents();
})();
