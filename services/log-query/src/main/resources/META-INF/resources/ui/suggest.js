// Suggestions while typing a task or unit. Tasks come from GET /api/v1/tasks?prefix=&limit= (topology's tasks,
// matched by id or name); where log-query has no such route (404) the TASK_ID values seen in the journals
// (/api/v1/fields/TASK_ID, fetched once) are filtered here instead.

import { ApiError, getJson } from './api.js';

const LIMIT = 20;

function option(value, label) {
  const o = document.createElement('option');
  o.value = value;
  if (label) o.label = label;
  return o;
}

/** Values of a field from the readers (needs the full scope; no suggestions otherwise). */
async function fieldValues(field) {
  try {
    const { values } = await getJson(`/api/v1/fields/${encodeURIComponent(field)}`);
    return values.filter(v => typeof v === 'string').sort();
  } catch {
    return [];
  }
}

export function suggestTasks(input, datalist, onError) {
  let tasksRoute = true;
  let fieldCache = null;
  let timer;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const prefix = input.value.trim();
      let options = [];
      if (tasksRoute) {
        try {
          const { tasks } = await getJson(`/api/v1/tasks?prefix=${encodeURIComponent(prefix)}&limit=${LIMIT}`);
          options = tasks.flatMap(t => [option(t.task_id, `${t.name ?? ''} (${(t.node_ids ?? []).length} nodes)`)]
            .concat(t.name && t.name.startsWith(prefix) ? [option(t.name, `name of ${t.task_id}`)] : []));
        } catch (e) {
          if (!(e instanceof ApiError && e.status === 404)) { onError(e); return; }
          tasksRoute = false;
        }
      }
      if (!tasksRoute) {
        fieldCache ??= await fieldValues('TASK_ID');
        options = fieldCache.filter(v => v.startsWith(prefix)).slice(0, LIMIT).map(v => option(v));
      }
      datalist.replaceChildren(...options);
    }, 200);
  });
}

export function suggestUnits(input, datalist) {
  let loaded = false;
  input.addEventListener('focus', async () => {
    if (loaded) return;
    loaded = true;
    datalist.replaceChildren(...(await fieldValues('_SYSTEMD_UNIT')).map(v => option(v)));
  });
}
