#!/usr/bin/env bash
# Issue 17's message check through the launcher: N mutated cases of the fuzz harness (seed S) run
# as `./orderlens ARGS...`, each in a JVM of its own; counts the input errors (exit 2) whose one
# line on stderr names neither the input file, nor the mutated option, nor the output written.
#   scripts/fuzz-launcher.sh N SEED WORKDIR [FIRST]   (needs `mvn test-compile` done)
# One line per case, then the counts. ORDERLENS names another launcher (default ./orderlens), e.g. a
# copy of it with its target/ jars, so that a build in this tree does not happen mid-campaign.
set -euo pipefail
cd "$(dirname "$0")/.."
n=$1 seed=$2 work=$3 first=${4:-0}
launcher=${ORDERLENS:-./orderlens}
mkdir -p "$work"
if [[ ! -s $work/cases.txt ]]; then   # (kept: a campaign resumed with FIRST reuses its cases)
  cp=target/test-classes:target/classes:$(mvn -o -q dependency:build-classpath \
    -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test | sed 's/\x1b\[[0-9;]*m//g')
  java -Xmx512m -Djava.awt.headless=true -cp "$cp" dev.orderlens.cli.FuzzCases "$n" "$seed" "$work" \
    > "$work/cases.txt.new"
  mv "$work/cases.txt.new" "$work/cases.txt"
fi
declare -A count=()
while IFS=$'\x1f' read -r -a f; do
  num=${f[0]} mutation=${f[1]} option=${f[2]}
  args=("${f[@]:3}")
  file=$(basename "${args[1]}")
  if (( num < first )); then rm -f "${args[1]}"; continue; fi
  set +e
  timeout 300 "$launcher" "${args[@]}" >"$work/out" 2>"$work/err" </dev/null
  code=$?
  set -e
  err=$(sed 's/\x1b\[[0-9;]*m//g' "$work/err")
  lines=$(printf '%s' "$err" | grep -c '' || true)
  if [[ $code == 0 ]]; then
    outcome=ok
  elif [[ $code == 124 ]]; then
    outcome=timeout
  elif [[ $code != 2 ]]; then
    outcome="exit-$code"
  elif [[ $lines != 1 || $err != "orderlens: "* ]]; then
    outcome=not-one-line
  elif [[ $err == *"$file"* || ( -n $option && $err == *"$option"* ) || $err == *"$work/out$num."* ]]; then
    outcome=named
  else
    outcome=unnamed
  fi
  count[$outcome]=$(( ${count[$outcome]:-0} + 1 ))
  if [[ $outcome != ok && $outcome != named ]]; then
    printf 'case %s (%s) %s: %s: %s\n' "$num" "$mutation" "$outcome" "${args[*]}" "$(head -c 600 "$work/err")"
  else
    printf 'case %s (%s) %s\n' "$num" "$mutation" "$outcome"
  fi
  rm -f "${args[1]}" "$work/out$num".*
done < "$work/cases.txt"
for k in "${!count[@]}"; do echo "$k ${count[$k]}"; done | sort
