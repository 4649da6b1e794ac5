# Report writers for fake-xilinx.sh (sourced). Reports use the real tools' layout. When the real Vivado HLS 2019/2020
# reports of ../shared/fixtures/hls-reports/vivado-2019 are present (or FAKE_HLS_REPORTS names such a folder) they are
# used with the project name substituted; otherwise equivalent reports with the same numbers are generated here.

fixture_dir() {
    local d
    [ -n "${FAKE_HLS_NO_FIXTURES:-}" ] && return 1
    for d in "${FAKE_HLS_REPORTS:-}" "${HLS4ML_SHARED:+$HLS4ML_SHARED/fixtures/hls-reports/vivado-2019}" \
             "$here/../../../shared/fixtures/hls-reports/vivado-2019"; do
        if [ -n "$d" ] && [ -f "$d/myproject_csynth.xml" ] && [ -f "$d/myproject_csynth.rpt" ] && [ -f "$d/vivado_synth.rpt" ]; then
            echo "$d"; return 0
        fi
    done
    return 1
}

write_app() {  # write_app <name> <file>
    cat > "$2" <<EOF
<AutoPilot:project xmlns:AutoPilot="com.autoesl.autopilot.project" projectType="C/C++" name="$1_prj" top="$1">
    <files>
        <file name="../../tb_data" sc="0" tb="1" cflags=" -Wno-unknown-pragmas" blackbox="false"/>
        <file name="../../firmware/weights" sc="0" tb="1" cflags=" -Wno-unknown-pragmas" blackbox="false"/>
        <file name="../../$1_test.cpp" sc="0" tb="1" cflags=" -std=c++0x -Wno-unknown-pragmas" blackbox="false"/>
        <file name="firmware/$1.cpp" sc="0" tb="false" cflags="-std=c++0x" blackbox="false"/>
    </files>
    <solutions>
        <solution name="solution1" status="active"/>
    </solutions>
</AutoPilot:project>
EOF
}

write_csynth_reports() {  # write_csynth_reports <name> <part> <clock> <version> <dir>
    local name="$1" part="$2" clock="$3" version="$4" dir="$5" src
    if src=$(fixture_dir); then
        sed "s/myproject/$name/g" "$src/myproject_csynth.xml" > "$dir/${name}_csynth.xml"
        sed "s/myproject/$name/g" "$src/myproject_csynth.rpt" > "$dir/${name}_csynth.rpt"
        echo "INFO: [HLS 200-10] (fake) reports from $src"
        return
    fi
    cat > "$dir/${name}_csynth.xml" <<EOF
<profile>

<ReportVersion>
<Version>$version</Version>
</ReportVersion>

<UserAssignments>
<unit>ns</unit>
<ProductFamily>zynq</ProductFamily>
<Part>xc7z020-clg400-1</Part>
<TopModelName>$name</TopModelName>
<TargetClockPeriod>5.00</TargetClockPeriod>
<ClockUncertainty>0.62</ClockUncertainty>
</UserAssignments>

<PerformanceEstimates>
<PipelineType>dataflow</PipelineType>
<SummaryOfTimingAnalysis>
<unit>ns</unit>
<EstimatedClockPeriod>4.049</EstimatedClockPeriod>
</SummaryOfTimingAnalysis>
<SummaryOfOverallLatency>
<unit>clock cycles</unit>
<Best-caseLatency>10</Best-caseLatency>
<Average-caseLatency>10</Average-caseLatency>
<Worst-caseLatency>10</Worst-caseLatency>
<Best-caseRealTimeLatency>50.000 ns</Best-caseRealTimeLatency>
<Average-caseRealTimeLatency>50.000 ns</Average-caseRealTimeLatency>
<Worst-caseRealTimeLatency>50.000 ns</Worst-caseRealTimeLatency>
<DataflowPipelineThroughput>8</DataflowPipelineThroughput>
<Interval-min>8</Interval-min>
<Interval-max>8</Interval-max>
</SummaryOfOverallLatency>
</PerformanceEstimates>

<AreaEstimates>
<Resources>
<BRAM_18K>0</BRAM_18K>
<DSP48E>73</DSP48E>
<FF>7969</FF>
<LUT>2532</LUT>
<URAM>0</URAM>
</Resources>
<AvailableResources>
<BRAM_18K>280</BRAM_18K>
<DSP48E>220</DSP48E>
<FF>106400</FF>
<LUT>53200</LUT>
<URAM>0</URAM>
</AvailableResources>
</AreaEstimates>

</profile>
EOF
    cat > "$dir/${name}_csynth.rpt" <<EOF


================================================================
== Vivado HLS Report for '$name'
================================================================
* Date:           $(date)

* Version:        $version (Build 0000000, fake)
* Project:        ${name}_prj
* Solution:       solution1
* Product family: zynq
* Target device:  xc7z020-clg400-1


================================================================
== Performance Estimates
================================================================
+ Timing: 
    * Summary: 
    +--------+---------+----------+------------+
    |  Clock |  Target | Estimated| Uncertainty|
    +--------+---------+----------+------------+
    |ap_clk  | 5.00 ns | 4.049 ns |   0.62 ns  |
    +--------+---------+----------+------------+

+ Latency: 
    * Summary: 
    +---------+---------+-----------+-----------+-----+-----+----------+
    |  Latency (cycles) |   Latency (absolute)  |  Interval | Pipeline |
    |   min   |   max   |    min    |    max    | min | max |   Type   |
    +---------+---------+-----------+-----------+-----+-----+----------+
    |       10|       10| 50.000 ns | 50.000 ns |    8|    8| dataflow |
    +---------+---------+-----------+-----------+-----+-----+----------+

    + Detail: 
        * Instance: 
        +-----------------------+-----------------------+---------+---------+-----------+-----------+-----+-----+----------+
        |                       |                       |  Latency (cycles) |   Latency (absolute)  |  Interval | Pipeline |
        |        Instance       |         Module        |   min   |   max   |    min    |    max    | min | max |   Type   |
        +-----------------------+-----------------------+---------+---------+-----------+-----------+-----+-----+----------+
        |dense_config2_U0       |dense_config2_s        |        7|        7| 35.000 ns | 35.000 ns |    7|    7|   none   |
        |relu_config3_U0        |relu_config3_s         |        2|        2| 10.000 ns | 10.000 ns |    1|    1| function |
        +-----------------------+-----------------------+---------+---------+-----------+-----------+-----+-----+----------+

        * Loop: 
        N/A



================================================================
== Utilization Estimates
================================================================
* Summary: 
+-----------------+---------+-------+--------+-------+-----+
|       Name      | BRAM_18K| DSP48E|   FF   |  LUT  | URAM|
+-----------------+---------+-------+--------+-------+-----+
|DSP              |        -|      -|       -|      -|    -|
|Expression       |        -|      -|       0|      2|    -|
|FIFO             |        0|      -|      25|    140|    -|
|Instance         |        0|     73|    7944|   2390|    -|
+-----------------+---------+-------+--------+-------+-----+
|Total            |        0|     73|    7969|   2532|    0|
+-----------------+---------+-------+--------+-------+-----+
|Available        |      280|    220|  106400|  53200|    0|
+-----------------+---------+-------+--------+-------+-----+
|Utilization (%)  |        0|     33|       7|      4|    0|
+-----------------+---------+-------+--------+-------+-----+

+ Detail: 
    * Instance: 
    +-----------------------+-----------------------+---------+-------+------+------+-----+
    |        Instance       |         Module        | BRAM_18K| DSP48E|  FF  |  LUT | URAM|
    +-----------------------+-----------------------+---------+-------+------+------+-----+
    |dense_config2_U0       |dense_config2_s        |        0|     73|  7860|  2134|    0|
    |relu_config3_U0        |relu_config3_s         |        0|      0|    84|   256|    0|
    +-----------------------+-----------------------+---------+-------+------+------+-----+
    |Total                  |                       |        0|     73|  7944|  2390|    0|
    +-----------------------+-----------------------+---------+-------+------+------+-----+


================================================================
== Interface
================================================================
* Summary: 
+----------------+-----+-----+------------+--------------+--------------+
|    RTL Ports   | Dir | Bits|  Protocol  | Source Object|    C Type    |
+----------------+-----+-----+------------+--------------+--------------+
|ap_clk          |  in |    1| ap_ctrl_hs |   $name      | return value |
+----------------+-----+-----+------------+--------------+--------------+

EOF
}

# The layout real tools write (Vivado HLS 2019+, Vitis HLS): a header row drawn with '+' between the column groups.
write_cosim_rpt() {  # write_cosim_rpt <name> <part> <version> <status> <file>
    cat > "$5" <<EOF

================================================================
== Vivado HLS Report for '$1'
================================================================
* Date:           $(date)

* Version:        $3 (Build 0000000, fake)
* Project:        $1_prj
* Solution:       solution1
* Product family: virtexuplus
* Target device:  $2


================================================================
== Cosim Report
================================================================
+----------+----------+-------------------------+-------------------------+----------------------+
|          |          |  Latency(Clock Cycles)  | Interval(Clock Cycles)  | Total Execution Time |
+   RTL    +  Status  +-------------------------+-------------------------+    (Clock Cycles)    +
|          |          |   min  |   avg  |   max  |   min  |   avg  |   max  |                      |
+----------+----------+-------------------------+-------------------------+----------------------+
|      VHDL|        NA|      NA|      NA|      NA|      NA|      NA|      NA|                    NA|
|   Verilog|$(printf '%10s' "$4")|      10|      10|      10|       8|       8|       8|                    26|
+----------+----------+-------------------------+-------------------------+----------------------+

Export the report(.html) using the export_design command or the GUI.
EOF
}

write_vivado_synth_rpt() {  # write_vivado_synth_rpt <name> <part> <file>
    local src
    if src=$(fixture_dir); then
        sed "s/myproject/$1/g" "$src/vivado_synth.rpt" > "$3"
        return
    fi
    cat > "$3" <<EOF
Copyright 1986-2020 Xilinx, Inc. All Rights Reserved.
------------------------------------------------------------------------------------
| Tool Version : Vivado v.${FAKE_VIVADO_VERSION:-2019.2} (lin64) fake
| Date         : $(date)
| Command      : report_utilization -file vivado_synth.rpt
| Design       : $1
| Device       : 7z020clg400-1
| Design State : Synthesized
------------------------------------------------------------------------------------

Utilization Design Information

1. Slice Logic
--------------

+----------------------------+------+-------+-----------+-------+
|          Site Type         | Used | Fixed | Available | Util% |
+----------------------------+------+-------+-----------+-------+
| Slice LUTs*                | 1526 |     0 |     53200 |  2.87 |
|   LUT as Logic             | 1478 |     0 |     53200 |  2.78 |
|   LUT as Memory            |   48 |     0 |     17400 |  0.28 |
| Slice Registers            | 2428 |     0 |    106400 |  2.28 |
|   Register as Flip Flop    | 2428 |     0 |    106400 |  2.28 |
+----------------------------+------+-------+-----------+-------+


2. Memory
---------

+----------------+------+-------+-----------+-------+
|    Site Type   | Used | Fixed | Available | Util% |
+----------------+------+-------+-----------+-------+
| Block RAM Tile |    0 |     0 |       140 |  0.00 |
|   RAMB36/FIFO* |    0 |     0 |       140 |  0.00 |
|   RAMB18       |    0 |     0 |       280 |  0.00 |
+----------------+------+-------+-----------+-------+


3. DSP
------

+----------------+------+-------+-----------+-------+
|    Site Type   | Used | Fixed | Available | Util% |
+----------------+------+-------+-----------+-------+
| DSPs           |   66 |     0 |       220 | 30.00 |
|   DSP48E1 only |   66 |       |           |       |
+----------------+------+-------+-----------+-------+

EOF
}

make_zip() {  # make_zip <zip> <dir> <files relative to dir...>
    local zip="$1" dir="$2"; shift 2
    local abs; abs="$(cd "$(dirname "$zip")" && pwd)/$(basename "$zip")"
    if command -v zip >/dev/null 2>&1; then
        (cd "$dir" && zip -q -X "$abs" "$@")
    elif command -v python3 >/dev/null 2>&1; then
        (cd "$dir" && python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    [z.write(f) for f in sys.argv[2:]]' "$abs" "$@")
    else
        printf 'PK\005\006\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000' > "$abs"  # empty archive
    fi
}
