#!/usr/bin/env bash
# A real Flink session cluster of separate JVMs on loopback, built from the artifacts Maven made
# (flink-dist is not on Maven Central, so the JobManager and TaskManagers are started through
# Flink's entrypoint classes with flink-job/target/flink-cluster-lib on the classpath).
#
#   deploy/local-cluster.sh test    the deployment test: Kafka broker, JobManager, two TaskManagers,
#                                   job submitted over REST, real speech streamed in, one TaskManager
#                                   killed mid-stream (after a completed checkpoint) and one brought
#                                   back, stop with savepoint, restart at another parallelism, and a
#                                   read_committed check that every final segment appears exactly once
#   deploy/local-cluster.sh start   the same cluster and broker, left running (Ctrl-C stops it)
#
# It builds nothing: run ./mvnw package first (scripts/test.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
MODE=${1:-test}
LIB=$ROOT/flink-job/target/flink-cluster-lib
DJL=$ROOT/flink-job/target/flink-lib
JOBJAR=$ROOT/flink-job/target/acm-stream-job.jar
CLI=$ROOT/flink-job/target/acm-stream.jar
MODEL=${ACM_MODEL:-$ROOT/models/acm}
[ -d "$MODEL" ] || MODEL=$ROOT/models/teacher
for f in "$LIB" "$DJL" "$JOBJAR" "$CLI"; do
  [ -e "$f" ] || { echo "local-cluster: missing $f (run ./mvnw package first)" >&2; exit 2; }
done

WORK=$(mktemp -d /tmp/acm-cluster.XXXXXX)
BASE=$(( 20000 + RANDOM % 20000 ))
RPC=$BASE; REST=$((BASE + 1)); BLOB=$((BASE + 2))
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 1
  for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "logs kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
log() { echo "[local-cluster $(date +%H:%M:%S)] $*"; }
if [ ! -e "$MODEL/config.json" ]; then
  # Before a trained model is shipped: an untrained one of the default shape (gibberish text,
  # but every check below compares the cluster's output with the same model's plain output).
  log "no model at $MODEL: writing an untrained one"
  java -Dai.djl.offline=true -jar "$CLI" train init --out "$WORK/model" > /dev/null
  MODEL=$WORK/model
fi
fail() { echo "[local-cluster] FAILED: $*" >&2; echo "--- JobManager log tail ---" >&2; tail -40 "$WORK/log/jobmanager.log" >&2 || true; KEEP_WORK=1; exit 1; }

mkdir -p "$WORK/conf" "$WORK/log" "$WORK/checkpoints" "$WORK/savepoints" "$WORK/audio" "$WORK/djl-cache"
cat > "$WORK/conf/config.yaml" <<CONF
jobmanager.rpc.address: localhost
jobmanager.rpc.port: $RPC
jobmanager.bind-host: localhost
taskmanager.bind-host: localhost
taskmanager.host: localhost
rest.address: localhost
rest.bind-address: localhost
rest.port: $REST
blob.server.port: $BLOB
jobmanager.memory.process.size: 1024m
taskmanager.memory.process.size: 1600m
# libtorch lives outside Flink's memory model: give it off-heap and overhead room. The heap
# state backend needs no managed memory.
taskmanager.memory.task.off-heap.size: 384m
taskmanager.memory.jvm-overhead.min: 256m
taskmanager.memory.managed.size: 32m
taskmanager.memory.network.min: 64m
taskmanager.memory.network.max: 64m
taskmanager.numberOfTaskSlots: 2
parallelism.default: 2
# Lowered for the test, so that a killed TaskManager is noticed within seconds.
heartbeat.interval: 1000
heartbeat.timeout: 6000
restart-strategy.type: fixed-delay
restart-strategy.fixed-delay.attempts: 20
restart-strategy.fixed-delay.delay: 2s
execution.checkpointing.dir: file://$WORK/checkpoints
execution.checkpointing.savepoint-dir: file://$WORK/savepoints
state.checkpoints.dir: file://$WORK/checkpoints
state.savepoints.dir: file://$WORK/savepoints
web.submit.enable: true
web.upload.dir: $WORK/upload
pipeline.generic-types: false
CONF
cat > "$WORK/conf/log4j.properties" <<'CONF'
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FILE
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = ${sys:log.file}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} - %m%n
logger.kafka.name = org.apache.kafka
logger.kafka.level = WARN
CONF
mkdir -p "$WORK/upload"
# What Flink's own start scripts pass on Java 17 (env.java.default-opts.all).
JAVA_OPENS=(--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED)
DJL_OPTS=(-Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1)
# What Flink's taskmanager.sh computes: JVM memory flags and the matching dynamic configuration.
TM_PARAMS=$(java -cp "$LIB/*" org.apache.flink.runtime.util.bash.BashJavaUtils GET_TM_RESOURCE_PARAMS --configDir "$WORK/conf" 2>&1 \
  | grep "^BASH_JAVA_UTILS_EXEC_RESULT:" | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://') || true
[ "$(echo "$TM_PARAMS" | wc -l)" -ge 2 ] || { echo "local-cluster: cannot derive TaskManager memory settings" >&2; exit 1; }
read -r -a TM_JVM <<< "$(echo "$TM_PARAMS" | sed -n 1p)"
read -r -a TM_DYNAMIC <<< "$(echo "$TM_PARAMS" | sed -n 2p)"

start_jm() {
  java -Xmx700m "${JAVA_OPENS[@]}" -Dlog.file="$WORK/log/jobmanager.log" -Dlog4j.configurationFile="file:$WORK/conf/log4j.properties" \
    -cp "$LIB/*:$DJL/*" org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$WORK/conf" \
    > "$WORK/log/jobmanager.out" 2>&1 &
  PIDS+=($!)
}
start_tm() { # name
  DJL_CACHE_DIR="$WORK/djl-cache" java "${TM_JVM[@]}" "${JAVA_OPENS[@]}" "${DJL_OPTS[@]}" -Dlog.file="$WORK/log/$1.log" \
    -Dlog4j.configurationFile="file:$WORK/conf/log4j.properties" -cp "$LIB/*:$DJL/*" \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$WORK/conf" "${TM_DYNAMIC[@]}" \
    -Dtaskmanager.resource-id="$1" > "$WORK/log/$1.out" 2>&1 &
  local pid=$!
  PIDS+=($pid)
  echo $pid
}
rest() { curl -sf "http://localhost:$REST$1" "${@:2}"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }
wait_for() { # seconds description command...
  local n=$1 what=$2; shift 2
  for _ in $(seq "$n"); do if "$@" >/dev/null 2>&1; then return 0; fi; sleep 1; done
  fail "timed out waiting for $what"
}
taskmanagers() { rest /taskmanagers | json "len(d['taskmanagers'])"; }
has_tms() { [ "$(taskmanagers)" -ge "$1" ]; }

log "starting a Kafka broker"
java -cp "$CLI" dev.acmstream.job.io.EmbeddedKafka 4 audio transcripts transcripts-partials audio-dead-letters > "$WORK/log/kafka.out" 2> "$WORK/log/kafka.err" &
PIDS+=($!)
wait_for 60 "Kafka" grep -q "localhost:" "$WORK/log/kafka.out"
BOOTSTRAP=$(grep -m1 "localhost:" "$WORK/log/kafka.out")
log "Kafka at $BOOTSTRAP"

log "starting the JobManager (REST on $REST) and two TaskManagers"
start_jm
TM1=$(start_tm tm1)
TM2=$(start_tm tm2)
wait_for 90 "two TaskManagers" has_tms 2

if [ "$MODE" = start ]; then
  log "cluster up: http://localhost:$REST  Kafka $BOOTSTRAP  (Ctrl-C to stop)"
  wait
  exit 0
fi

log "preparing real speech: 6 streams of concatenated Asterisk prompts"
PROMPTS=(/usr/share/asterisk/sounds/en_US_f_Allison/*.wav)
STREAMS=()
for s in 0 1 2 3 4 5; do
  files=()
  for i in $(seq 0 11); do files+=("${PROMPTS[$(( (s * 37 + i * 11) % ${#PROMPTS[@]} ))]}"); done
  sox "${files[@]}" "$WORK/audio/call$s.wav"
  STREAMS+=("call$s.wav")
done
log "transcribing the same audio with the plain recognizer, for reference"
java -cp "$CLI" dev.acmstream.job.tools.ReferenceTranscripts "$MODEL" "$WORK/audio/"*.wav > "$WORK/expected.tsv" 2> "$WORK/log/reference.err" \
  || fail "reference transcripts: $(tail -3 "$WORK/log/reference.err")"
log "uploading the job jar"
UPLOAD=$(curl -s -X POST -F "jarfile=@$JOBJAR" "http://localhost:$REST/jars/upload") || fail "jar upload: curl failed"
JAR_ID=$(echo "$UPLOAD" | json "d['filename'].split('/')[-1]") || fail "jar upload: $UPLOAD"
ARGS="--bootstrap-servers $BOOTSTRAP --input-topic audio --output-topic transcripts --starting-offsets earliest --checkpoint-interval 3s --model $MODEL --no-lm --budget 1.0 --transactional-id-prefix acm-local-test"
run_job() { # parallelism [savepoint]
  local body reply
  body=$(python3 -c 'import json,sys; a=sys.argv[3].split()+["--parallelism",sys.argv[1]]; b={"programArgsList":a,"parallelism":int(sys.argv[1])}; sys.argv[2] and b.update(savepointPath=sys.argv[2]); print(json.dumps(b))' "$1" "${2:-}" "$ARGS")
  reply=$(curl -s -X POST -H "Content-Type: application/json" -d "$body" "http://localhost:$REST/jars/$JAR_ID/run") || fail "job submission: curl failed"
  echo "$reply" | json "d['jobid']" || fail "job submission: $reply"
}
JOB=$(run_job 2)
log "job $JOB submitted at parallelism 2"
job_running() { [ "$(rest /jobs/$JOB | json "d['state']")" = RUNNING ]; }
wait_for 120 "the job to run" job_running

log "streaming speech in real time"
java -jar "$CLI" produce --bootstrap-servers "$BOOTSTRAP" --topic audio --realtime --chunk-ms 100 "${WORK}/audio/"*.wav \
  > "$WORK/log/producer.out" 2>&1 &
PRODUCER=$!
PIDS+=($PRODUCER)

completed() { rest /jobs/$JOB/checkpoints | json "d['counts']['completed']"; }
has_checkpoint() { [ "$(completed)" -ge "$1" ]; }
wait_for 120 "a completed checkpoint" has_checkpoint 1
sleep 4
# The TaskManager to kill is one that runs a recognizer subtask: the scheduler may have put every
# subtask into the slots of one TaskManager, and killing an idle one would test nothing.
recognizer_tms() {
  local vid
  vid=$(rest /jobs/$JOB | json "[v['id'] for v in d['vertices'] if v['name'].startswith('recognize')][0]")
  rest /jobs/$JOB/vertices/$vid/taskmanagers | json "' '.join(t['taskmanager-id'] for t in d['taskmanagers'])"
}
RUNNING_ON=$(recognizer_tms) || fail "cannot tell which TaskManagers run the recognizer"
if [[ " $RUNNING_ON " == *" tm2 "* ]]; then VICTIM=tm2; VICTIM_PID=$TM2; else VICTIM=tm1; VICTIM_PID=$TM1; fi
log "$(completed) checkpoints completed; the recognizer runs on: $RUNNING_ON; killing TaskManager $VICTIM (pid $VICTIM_PID) mid-stream"
kill -9 "$VICTIM_PID"
TM3=$(start_tm tm3)
log "started TaskManager tm3"
failed_over() { [ "$(rest /jobs/$JOB/exceptions | json "len(d.get('exceptionHistory', {}).get('entries', []))")" -ge 1 ]; }
wait_for 120 "the job to notice the lost TaskManager" failed_over
wait_for 120 "the job to recover" job_running
before=$(completed)
wait_for 120 "a checkpoint after recovery" has_checkpoint $((before + 1))
log "recovered; $(completed) checkpoints completed"
sleep 6

log "stopping with a savepoint"
TRIGGER=$(curl -sf -X POST -H "Content-Type: application/json" -d "{\"targetDirectory\": \"file://$WORK/savepoints\", \"drain\": false}" \
  "http://localhost:$REST/jobs/$JOB/stop" | json "d['request-id']")
savepoint() { rest /jobs/$JOB/savepoints/$TRIGGER | json "d['operation']['location'] if d['status']['id']=='COMPLETED' else ''"; }
has_savepoint() { [ -n "$(savepoint)" ]; }
wait_for 120 "the savepoint" has_savepoint
SP=$(savepoint)
log "savepoint at $SP; restarting at parallelism 1"
JOB=$(run_job 1 "$SP")
wait_for 120 "the restarted job" job_running

log "waiting for the producer to finish and the job to drain"
wait "$PRODUCER" || fail "the producer failed: $(tail -3 "$WORK/log/producer.out")"
quiet=0; last=-1
for _ in $(seq 120); do
  n=$(java -cp "$CLI" dev.acmstream.job.tools.ExactlyOnceCheck "$BOOTSTRAP" transcripts "${STREAMS[@]}" 2>&1 | grep -o "^[0-9]* committed" | grep -o "[0-9]*" || echo 0)
  if [ "$n" = "$last" ]; then quiet=$((quiet + 1)); else quiet=0; fi
  last=$n
  [ "$quiet" -ge 4 ] && break
  sleep 4
done
log "checking the output topic with read_committed"
if java -cp "$CLI" dev.acmstream.job.tools.ExactlyOnceCheck "$BOOTSTRAP" transcripts --expect "$WORK/expected.tsv"; then
  log "PASSED: TaskManager killed and replaced, savepoint, rescale 2 -> 1, every final segment exactly once, same text as the plain recognizer"
else
  fail "the output topic has duplicated or missing final segments"
fi
