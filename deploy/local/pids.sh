# The pid file of deploy/local/start, shared by start and stop (sourced, not run).
# <state>/pids holds one line per process start started: "PID START_TIME NAME", the start script itself first.
# START_TIME (clock ticks since boot, /proc/PID/stat field 22) tells a process from a later one that got its pid,
# so stop never signals a process start did not start.

# start_time PID: the process's start time, nothing when it does not exist
start_time() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  # the command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'
  stat=${stat##*) }
  cut -d' ' -f20 <<<"$stat"
}

# same_process PID START_TIME: true while that very process runs (not a zombie)
same_process() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [ "${stat%% *}" != Z ] && [ "$(cut -d' ' -f20 <<<"$stat")" = "$2" ]
}
