#!/usr/bin/env bash
# Fake Xilinx tools (vivado_hls, vitis_hls, vitis-run, vivado) for Hls4ml.Sdk tests. See README.md for the contract.
# Invoked through bin/<tool>, which sets FAKE_TOOL. Accepts the real command lines, checks the Tcl scripts it is given
# against the generated project, prints realistic phase lines and writes reports in the real layout.
set -u
tool="${FAKE_TOOL:?run through bin/<tool>}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=reports.sh
source "$here/reports.sh"

case "$tool" in
    vivado_hls) version="${FAKE_HLS_VERSION:-2019.2}"; app=vivado_hls.app ;;
    vitis_hls)  version="${FAKE_HLS_VERSION:-2022.2}"; app=hls.app ;;
    vitis-run)  version="${FAKE_HLS_VERSION:-2023.2}"; app=hls.app ;;
    vivado)     version="${FAKE_VIVADO_VERSION:-2019.2}" ;;
    *) echo "fake-xilinx: unknown tool $tool" >&2; exit 2 ;;
esac

[ -n "${FAKE_HLS_CALLS:-}" ] && echo "$tool $* (in $PWD)" >> "$FAKE_HLS_CALLS"

started=$(date +%s)
fail() {  # fail <message...>: an HLS error as the real tools print it, exit 1
    echo "ERROR: $*"
    echo "command 'ap_source' returned error code"
    echo "    while executing"
    echo "\"source $script\""
    echo "INFO: [Common 17-206] Exiting $tool at $(date)..."
    exit 1
}
done_banner() { local s=$(( $(date +%s) - started )); echo "***** $1 COMPLETED IN $((s / 3600))h$(((s / 60) % 60))m$((s % 60))s *****"; }
step_hooks() {  # step_hooks <step>: FAKE_HLS_FAIL / FAKE_HLS_HANG for this step
    local step="$1"
    if [ "${FAKE_HLS_FAIL:-}" = "$step" ] || [ "${FAKE_HLS_FAIL:-}" = "any" ]; then
        echo "ERROR: [HLS 200-70] ${FAKE_HLS_FAIL_MESSAGE:-Compilation errors found: In file included from firmware/${name}.cpp:1: firmware/parameters.h:12:10: fatal error: 'nnet_utils/nnet_missing.h' file not found}"
        echo "ERROR: [HLS 200-70] Pre-synthesis failed."
        fail "[HLS 200-70] $step failed."
    fi
    if [ "${FAKE_HLS_HANG:-}" = "$step" ]; then
        echo "INFO: [HLS 200-10] Starting $step (this fake will not finish) ..."
        sleep 3600 &
        local child=$!
        [ -n "${FAKE_HLS_PIDFILE:-}" ] && echo "$$ $child" > "$FAKE_HLS_PIDFILE"
        wait "$child"
        exit 3
    fi
}

if [ "$tool" = vivado ]; then
    # vivado -mode batch -source vivado_synth.tcl
    [ "${1:-}" = "-version" ] && { echo "Vivado v$version (64-bit)"; exit 0; }
    mode=""; script=""
    while [ $# -gt 0 ]; do
        case "$1" in
            -mode) mode="$2"; shift 2 ;;
            -source) script="$2"; shift 2 ;;
            -nojournal|-nolog|-notrace) shift ;;
            *) echo "ERROR: [Common 17-170] Unknown option '$1', please type 'vivado -help' for usage info."; exit 1 ;;
        esac
    done
    [ "$mode" = batch ] || { echo "ERROR: [Common 17-170] fake vivado only supports -mode batch"; exit 1; }
    echo "****** Vivado v$version (64-bit)"
    echo "source $script"
    [ -f "$script" ] || { echo "ERROR: [Common 17-69] Command failed: couldn't read file \"$script\": no such file or directory"; exit 1; }
    grep -q 'source \[file join \[file dirname \[info script\]\] project.tcl\]' "$script" || { echo "ERROR: [Common 17-69] $script does not source project.tcl"; exit 1; }
    grep -q 'synth_design -top ${project_name}' "$script" || { echo "ERROR: [Common 17-69] $script has no synth_design -top \${project_name}"; exit 1; }
    grep -q 'report_utilization -file vivado_synth.rpt' "$script" || { echo "ERROR: [Common 17-69] $script does not write vivado_synth.rpt"; exit 1; }
    name=$(sed -n 's/^set project_name "\(.*\)"/\1/p' project.tcl)
    part=$(sed -n 's/^set part "\(.*\)"/\1/p' project.tcl)
    [ -d "${name}_prj/solution1/syn/verilog" ] || { echo "ERROR: [Synth 8-439] module '$name' not found (no ${name}_prj/solution1/syn/verilog)"; exit 1; }
    step_hooks vsynth
    echo "Command: synth_design -top $name -part $part"
    echo "Starting synth_design"
    echo "INFO: [Synth 8-6157] synthesizing module '$name'"
    echo "Finished RTL Elaboration : Time (s): cpu = 00:00:03 ; elapsed = 00:00:04 ."
    echo "Finished Technology Mapping : Time (s): cpu = 00:00:20 ; elapsed = 00:00:22 ."
    echo "synth_design completed successfully"
    echo "INFO: [Common 17-83] Releasing license: Synthesis"
    write_vivado_synth_rpt "$name" "$part" vivado_synth.rpt
    echo "report_utilization: Time (s): cpu = 00:00:01 ; elapsed = 00:00:01 ."
    echo "INFO: [Common 17-206] Exiting Vivado at $(date)..."
    exit 0
fi

# ---- HLS tools ----
banner() {
    case "$tool" in
        vivado_hls) echo "****** Vivado(TM) HLS - High-Level Synthesis from C, C++ and SystemC v$version (64-bit)" ;;
        vitis_hls)  echo "****** Vitis HLS - High-Level Synthesis from C, C++ and OpenCL v$version (64-bit)" ;;
        vitis-run)  echo "****** vitis-run v$version (64-bit)" ;;
    esac
    echo "  **** SW Build 0000000 on $(date -u +'%a %b %d %H:%M:%S UTC %Y') (fake)"
    echo "    ** Copyright 1986-2025 Xilinx, Inc. All Rights Reserved."
}

case "${1:-}" in
    -version|--version|-v) banner; exit 0 ;;
esac

# Command line: vivado_hls/vitis_hls -f <script> ["opts"]; vitis-run --mode hls --tcl <script>.
args=""
if [ "$tool" = vitis-run ]; then
    mode=""; script=""
    while [ $# -gt 0 ]; do
        case "$1" in
            --mode) mode="$2"; shift 2 ;;
            --tcl) script="$2"; shift 2 ;;
            --work_dir) cd "$2" || exit 1; shift 2 ;;
            *) echo "ERROR: [v++ 60-1] unknown option '$1'"; exit 1 ;;
        esac
    done
    [ "$mode" = hls ] || { echo "ERROR: vitis-run: --mode hls is required (got '$mode')"; exit 1; }
    [ -n "$script" ] || { echo "ERROR: vitis-run: --tcl <script> is required"; exit 1; }
else
    [ "${1:-}" = "-f" ] && [ $# -ge 2 ] || { echo "ERROR: [HLS 200-101] usage: $tool -f <script.tcl> [args] (got: $*)"; exit 1; }
    script="$2"; args="${3:-}"
    [ $# -le 3 ] || { echo "ERROR: [HLS 200-101] too many arguments: $*"; exit 1; }
fi

banner
echo ""
echo "INFO: [HLS 200-10] Running '$here/bin/$tool'"
echo "INFO: [HLS 200-10] For user '$(id -un 2>/dev/null || echo user)' on host '$(hostname 2>/dev/null || echo host)' (fake)"
echo "INFO: [HLS 200-10] In directory '$PWD'"
echo "Sourcing Tcl script '$script'"
[ -f "$script" ] || { echo "ERROR: [HLS 200-70] couldn't read file \"$script\": no such file or directory"; exit 1; }

if [ "$tool" = vitis-run ]; then
    # The driver written by Hls4ml.Sdk: set ::argv [list {opts}]; source .../build_prj.tcl
    args=$(sed -n 's/^set ::argv \[list {\(.*\)}\]$/\1/p' "$script")
    grep -q 'source \[file join \[file dirname \[info script\]\] build_prj.tcl\]' "$script" \
        || fail "[HLS 200-70] $script does not source build_prj.tcl"
    script=build_prj.tcl
    [ -f "$script" ] || fail "[HLS 200-70] couldn't read file \"$script\": no such file or directory"
fi

# The build script must be the generated one and reference the generated files.
for pattern in 'source \[file join \[file dirname \[info script\]\] project.tcl\]' 'set_top ${project_name}' \
               'add_files firmware/${project_name}.cpp' 'add_files -tb ${project_name}_test.cpp' 'add_files -tb firmware/weights' \
               'add_files -tb tb_data' 'open_solution' 'csynth_design' 'cosim_design' 'export_design -format ip_catalog' \
               'vivado -mode batch -source vivado_synth.tcl' 'set_part $part' 'create_clock -period $clock_period'; do
    grep -q -- "$pattern" "$script" || fail "[HLS 200-70] $script does not contain '$pattern' (not a generated build_prj.tcl?)"
done
[ -f project.tcl ] || fail "[HLS 200-70] couldn't read file \"project.tcl\": no such file or directory"
name=$(sed -n 's/^set project_name "\(.*\)"/\1/p' project.tcl)
part=$(sed -n 's/^set part "\(.*\)"/\1/p' project.tcl)
clock=$(sed -n 's/^set clock_period \(.*\)/\1/p' project.tcl)
ipversion=$(sed -n 's/^set version "\(.*\)"/\1/p' project.tcl)
[ -n "$name" ] && [ -n "$part" ] && [ -n "$clock" ] || fail "[HLS 200-70] project.tcl does not set project_name, part and clock_period"

# Options: "reset=0 csim=1 synth=1 ..." (what build_prj.tcl parses from ::argv).
declare -A opt=([reset]=0 [csim]=0 [synth]=1 [cosim]=0 [validation]=0 [export]=0 [vsynth]=0 [fifo_opt]=0)
for kv in $args; do
    [[ "$kv" =~ ^([a-z_]+)=([01])$ ]] || fail "[HLS 200-70] bad build_prj.tcl option '$kv'"
    [ -n "${opt[${BASH_REMATCH[1]}]+x}" ] || fail "[HLS 200-70] unknown build_prj.tcl option '${BASH_REMATCH[1]}'"
    opt[${BASH_REMATCH[1]}]=${BASH_REMATCH[2]}
done

prj="${name}_prj"
sol="$prj/solution1"
[ "${opt[reset]}" = 1 ] && rm -rf "$prj"
echo "INFO: [HLS 200-10] Opening and resetting project '$PWD/$prj'."
mkdir -p "$sol"
write_app "$name" "$prj/$app"
for f in "firmware/$name.cpp" "${name}_test.cpp"; do
    [ -f "$f" ] || fail "[HLS 200-70] Cannot find source file $f; skipping it."
    echo "INFO: [HLS 200-10] Adding design file '$f' to the project"
done
for d in firmware/weights tb_data; do
    [ -d "$d" ] || fail "[HLS 200-70] Cannot find test bench file $d"
    echo "INFO: [HLS 200-10] Adding test bench file '$d' to the project"
done
echo "INFO: [HLS 200-10] Opening solution '$PWD/$sol'."
echo "INFO: [SYN 201-201] Setting up clock 'default' with a period of ${clock}ns."
echo "INFO: [HLS 200-10] Setting target device to '$part'"

compile_tb() {  # compile_tb <exe> [extra flags]: build the testbench the way csim/cosim do
    local exe="$1"; shift
    mkdir -p "$(dirname "$exe")"
    ${CXX:-g++} -std=c++17 -O1 -I firmware -I firmware/ap_types "-DWEIGHTS_DIR=\"$PWD/firmware/weights\"" "$@" \
        "${name}_test.cpp" "firmware/$name.cpp" -o "$exe" 2>&1 | sed 's/^/   /'
    return "${PIPESTATUS[0]}"
}

if [ "${opt[csim]}" = 1 ]; then
    echo "***** C SIMULATION *****"
    step_hooks csim
    echo "INFO: [SIM 211-2] *************** CSIM start ***************"
    echo "INFO: [SIM 211-4] CSIM will launch GCC as the compiler."
    exe="$sol/csim/build/csim.exe"
    compile_tb "$exe" || fail "[SIM 211-100] CSim failed with errors."
    [ -f tb_data/tb_input_features.dat ] || fail "[SIM 211-100] tb_data/tb_input_features.dat not found"
    "$exe" tb_data/tb_input_features.dat tb_data/csim_results.log || fail "[SIM 211-100] CSim failed with errors."
    echo "INFO: [SIM 211-1] CSim done with 0 errors."
    echo "INFO: [SIM 211-3] *************** CSIM finish ***************"
    done_banner "C SIMULATION"
fi

if [ "${opt[synth]}" = 1 ]; then
    echo "***** C/RTL SYNTHESIS *****"
    echo "INFO: [HLS 200-10] Analyzing design file 'firmware/$name.cpp' ... "
    step_hooks synth
    echo "INFO: [HLS 200-111] Finished Linking Time (s): cpu = 00:00:12 ; elapsed = 00:00:14 . Memory (MB): peak = 1024.2 ; gain = 512.0"
    echo "INFO: [HLS 200-10] Starting code transformations ..."
    echo "INFO: [HLS 200-111] Finished Standard Transforms Time (s): cpu = 00:00:20 ; elapsed = 00:00:23 ."
    echo "INFO: [HLS 200-10] Checking synthesizability ..."
    echo "INFO: [XFORM 203-502] Unrolling all loops for pipelining in function 'nnet::dense_latency' (firmware/nnet_utils/nnet_dense.h:44)."
    echo "INFO: [HLS 200-111] Finished Architecture Synthesis Time (s): cpu = 00:00:31 ; elapsed = 00:00:35 ."
    echo "INFO: [HLS 200-10] Starting hardware synthesis ..."
    echo "INFO: [HLS 200-10] Synthesizing '$name' ..."
    echo "INFO: [HLS 200-10] ----------------------------------------------------------------"
    echo "INFO: [HLS 200-42] -- Implementing module '$name'"
    echo "INFO: [HLS 200-10] ----------------------------------------------------------------"
    echo "INFO: [SCHED 204-11] Starting scheduling ..."
    echo "INFO: [SCHED 204-61] Pipelining function '$name'."
    echo "INFO: [SCHED 204-61] Pipelining result : Target II = 1, Final II = 1, Depth = 10."
    echo "INFO: [SCHED 204-11] Finished scheduling."
    echo "INFO: [RTGEN 206-100] Finished creating RTL model for '$name'."
    echo "INFO: [HLS 200-789] **** Estimated Fmax: 246.98 MHz"
    echo "INFO: [VHDL 208-304] Generating VHDL RTL for $name."
    echo "INFO: [VLOG 209-307] Generating Verilog RTL for $name."
    mkdir -p "$sol/syn/report" "$sol/syn/verilog" "$sol/syn/vhdl"
    echo "// fake RTL for $name" > "$sol/syn/verilog/$name.v"
    echo "-- fake RTL for $name" > "$sol/syn/vhdl/$name.vhd"
    if [ -z "${FAKE_HLS_NO_REPORT:-}" ]; then
        write_csynth_reports "$name" "$part" "$clock" "$version" "$sol/syn/report"
    fi
    done_banner "C/RTL SYNTHESIS"
fi

if [ "${opt[cosim]}" = 1 ]; then
    echo "***** C/RTL SIMULATION *****"
    [ -d "$sol/syn/verilog" ] || fail "[COSIM 212-5] *** C/RTL co-simulation file generation failed. *** (no synthesized RTL: run csynth_design first)"
    step_hooks cosim
    echo "INFO: [COSIM 212-47] Using XSIM for RTL simulation."
    echo "INFO: [COSIM 212-14] Instrumenting C test bench ..."
    exe="$sol/sim/wrapc/csim.exe"
    compile_tb "$exe" -DRTL_SIM || fail "[COSIM 212-320] C TB testing failed, stop generating test vectors."
    [ -f tb_data/tb_input_features.dat ] || fail "[COSIM 212-320] tb_data/tb_input_features.dat not found"
    echo "INFO: [COSIM 212-302] Starting C TB testing ... "
    "$exe" tb_data/tb_input_features.dat tb_data/rtl_cosim_results.log || fail "[COSIM 212-320] C TB testing failed."
    if [ -n "${FAKE_HLS_COSIM_PERTURB:-}" ]; then  # the "RTL" disagrees with C on the first value of row 2
        awk 'NR == 2 { $1 = $1 + 0.5 } { print }' tb_data/rtl_cosim_results.log > tb_data/rtl.tmp && mv tb_data/rtl.tmp tb_data/rtl_cosim_results.log
    fi
    echo "INFO: [COSIM 212-333] Generating C post check test bench ..."
    echo "INFO: [COSIM 212-12] Generating RTL test bench ..."
    echo "INFO: [COSIM 212-323] Starting verilog simulation. "
    echo "INFO: [COSIM 212-316] Starting C post checking ..."
    mkdir -p "$sol/sim/report"
    write_cosim_rpt "$name" "$part" "$version" "${FAKE_HLS_COSIM_STATUS:-Pass}" "$sol/sim/report/${name}_cosim.rpt"
    echo "INFO: [COSIM 212-1000] *** C/RTL co-simulation finished: ${FAKE_HLS_COSIM_STATUS:-PASS} ***"
    done_banner "C/RTL SIMULATION"
fi

if [ "${opt[export]}" = 1 ]; then
    echo "***** EXPORT IP *****"
    [ -d "$sol/syn/verilog" ] || fail "[IMPL 213-28] Failed to generate IP: no synthesized RTL (run csynth_design first)."
    step_hooks export
    echo "INFO: [IMPL 213-8] Exporting RTL as a Vivado IP."
    ip="$sol/impl/ip"
    rm -rf "$sol/impl"
    mkdir -p "$ip/hdl/verilog"
    cp "$sol/syn/verilog/$name.v" "$ip/hdl/verilog/"
    printf '<?xml version="1.0"?>\n<spirit:component><spirit:name>%s</spirit:name><spirit:version>%s</spirit:version></spirit:component>\n' "$name" "$ipversion" > "$ip/component.xml"
    if [ "$tool" = vivado_hls ]; then zip="$ip/xilinx_com_hls_${name}_${ipversion//./_}.zip"; else zip="$sol/impl/export.zip"; fi
    make_zip "$zip" "$ip" component.xml "hdl/verilog/$name.v"
    echo "INFO: [Common 17-206] Generated IP archive $zip"
    done_banner "EXPORT IP"
fi

if [ "${opt[vsynth]}" = 1 ]; then
    echo "***** VIVADO SYNTHESIS *****"
    # build_prj.tcl: exec vivado -mode batch -source vivado_synth.tcl >@ stdout
    command -v vivado >/dev/null 2>&1 || fail "couldn't execute \"vivado\": no such file or directory"
    vivado -mode batch -source vivado_synth.tcl || fail "child process exited abnormally (vivado)"
    done_banner "VIVADO SYNTHESIS"
fi

echo "INFO: [Common 17-206] Exiting $tool at $(date)..."
exit 0
