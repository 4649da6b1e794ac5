using System.Text.RegularExpressions;

namespace Hls4ml.Tests.Backends;

/// <summary>
/// The synthesis-relevant structure of a generated HLS project (ours or hls4ml's), with names and formatting taken
/// out, so two projects can be compared fact by fact. Layers are identified by their model layer name (both writers
/// put it in a comment next to the layer call), tensors by the layer that writes them, ports by position, types by
/// what they resolve to in defines.h. Facts per category:
/// <list type="bullet">
/// <item><c>config</c>: every field of the layer's config struct (nested configs such as mult_config flattened),
/// integer expressions evaluated, types resolved, template aliases by template name;</item>
/// <item><c>type</c>: each layer's output tensor type;</item>
/// <item><c>call</c>: the nnet function each layer calls;</item>
/// <item><c>pragma</c>: the pragmas of the top function;</item>
/// <item><c>tcl</c>: the HLS/Vivado tool commands of build_prj.tcl and vivado_synth.tcl, project.tcl variables substituted.</item>
/// </list>
/// </summary>
internal sealed partial class HlsProjectStructure
{
    public static readonly string[] Categories = { "config", "type", "call", "pragma", "tcl" };

    /// <summary>(category, key) → value. Pragma and Tcl facts are keyed by their normalized text (value "present").</summary>
    public SortedDictionary<(string Category, string Key), string> Facts { get; } = new();

    private readonly Dictionary<string, string> typedefs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> structs = new(StringComparer.Ordinal);

    public static HlsProjectStructure Read(string projectDir)
    {
        var s = new HlsProjectStructure();
        string Text(string rel) { var p = Path.Combine(projectDir, rel); return File.Exists(p) ? File.ReadAllText(p) : ""; }
        s.ReadTypedefs(Text("firmware/defines.h"));
        s.ReadTypedefs(Text("firmware/parameters.h"));
        s.ReadStructs(Text("firmware/parameters.h"));
        s.ReadTop(Text("firmware/myproject.cpp"));
        s.ReadTcl(Text("project.tcl"), Text("build_prj.tcl") + "\n" + Text("vivado_synth.tcl"));
        return s;
    }

    private void Add(string category, string key, string value) => Facts[(category, key)] = value;

    // ---- types ----

    private void ReadTypedefs(string text)
    {
        foreach (Match m in TypedefRegex().Matches(text))
            typedefs[m.Groups[2].Value] = Squash(m.Groups[1].Value);
    }

    /// <summary>A type name resolved through the typedefs, spaces removed, constant products evaluated and default
    /// ap_fixed modes dropped, so ap_fixed&lt;16,6,AP_TRN,AP_WRAP,0&gt; equals ap_fixed&lt;16,6&gt;.</summary>
    public string ResolveType(string type)
    {
        type = Squash(type);
        for (var i = 0; i < 20 && typedefs.TryGetValue(type, out var next); i++) type = next;
        type = NestedTypeNameRegex().Replace(type, m => m.Value == type ? m.Value : ResolveType(m.Value));
        type = ProductRegex().Replace(type, m => (long.Parse(m.Groups[1].Value) * long.Parse(m.Groups[2].Value)).ToString());
        type = DefaultModesRegex().Replace(type, "$1>");
        return type.Replace(",AP_TRN,AP_WRAP>", ">");
    }

    private static string Squash(string s) => WhitespaceRegex().Replace(s.Trim(), "");

    // ---- config structs ----

    private void ReadStructs(string text)
    {
        foreach (Match m in StructRegex().Matches(text))
            structs[m.Groups[1].Value] = LineCommentRegex().Replace(m.Groups[2].Value, "");
    }

    private void AddConfig(string layer, string structName, string prefix, int depth = 0)
    {
        if (depth > 3 || !structs.TryGetValue(structName, out var body)) return;
        var ints = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var statement in body.Split(';'))
        {
            var st = WhitespaceRegex().Replace(statement, " ").Trim();
            Match f;
            if ((f = FieldRegex().Match(st)).Success)
            {
                var name = f.Groups[2].Value;
                var value = f.Groups[3].Value.Trim();
                var evaluated = IntExpression.TryEvaluate(value, ints);
                if (evaluated is long v) { ints[name] = v; Add("config", $"{layer}.{prefix}{name}", v.ToString()); }
                else Add("config", $"{layer}.{prefix}{name}", Squash(value.Replace("nnet::", "")));
            }
            else if ((f = ArrayFieldRegex().Match(st)).Success)
                Add("config", $"{layer}.{prefix}{f.Groups[1].Value}[]", "array");
            else if ((f = MemberTypedefRegex().Match(st)).Success)
            {
                var (target, alias) = (f.Groups[1].Value.Trim(), f.Groups[2].Value);
                if (structs.ContainsKey(target)) AddConfig(layer, target, $"{prefix}{alias}.", depth + 1);
                else Add("config", $"{layer}.{prefix}{alias}", ResolveType(target));
            }
            else if ((f = UsingRegex().Match(st)).Success)
                Add("config", $"{layer}.{prefix}{f.Groups[1].Value}", f.Groups[2].Value.Replace("nnet::", ""));
        }
    }

    // ---- top function ----

    private void ReadTop(string text)
    {
        var open = text.IndexOf('{', text.IndexOf('(', Math.Max(0, text.IndexOf("void ", StringComparison.Ordinal))));
        if (open < 0) return;
        var signature = text[..open];
        var body = text[open..];
        // Ports by position.
        var rename = new Dictionary<string, string>(StringComparer.Ordinal);
        var portList = signature[(signature.IndexOf('(') + 1)..signature.LastIndexOf(')')];
        var ports = portList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < ports.Length; i++)
        {
            var name = PortNameRegex().Match(ports[i]).Groups[1].Value;
            if (name.Length > 0) rename[name] = i == ports.Length - 1 ? "port_out" : $"port_in{i}";
        }
        // Layer calls: the layer name is the trailing comment (hls4ml) or the "// name (Type)" line above (ours).
        var lines = body.Split('\n');
        string? pendingName = null;
        var calls = new List<(string Layer, string Function, string[] TypeArgs, string? Config, string[] Args)>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            var ours = OurLayerCommentRegex().Match(line);
            if (ours.Success) { pendingName = ours.Groups[1].Value; continue; }
            var call = CallRegex().Match(line);
            if (!call.Success) continue;
            var trailing = TrailingCommentRegex().Match(line);
            var layer = trailing.Success ? trailing.Groups[1].Value.Trim() : pendingName;
            pendingName = null;
            if (layer is null) continue;
            var templateArgs = call.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries);
            var config = templateArgs.LastOrDefault(a => structs.ContainsKey(a));
            var typeArgs = templateArgs.Where(a => a != config).ToArray();
            var args = call.Groups[3].Value.Split(',', StringSplitOptions.TrimEntries);
            calls.Add((layer, call.Groups[1].Value, typeArgs, config, args));
        }
        foreach (var (layer, function, typeArgs, config, args) in calls)
        {
            Add("call", layer, function);
            if (typeArgs.Length > 0) Add("type", layer, ResolveType(typeArgs[^1]));
            // The output argument follows the input arguments: one per data-type template argument but the last.
            if (typeArgs.Length >= 1 && args.Length >= typeArgs.Length && !rename.ContainsKey(args[typeArgs.Length - 1]))
                rename[args[typeArgs.Length - 1]] = $"out({layer})";
            if (config is not null) AddConfig(layer, config, "");
        }
        foreach (Match p in PragmaRegex().Matches(body))
        {
            var words = WhitespaceRegex().Split(p.Groups[1].Value.Trim())
                .Select(w => VariableAssignRegex().Replace(w, m => m.Groups[1].Value + string.Join(",", m.Groups[2].Value.Split(',').Select(v => rename.GetValueOrDefault(v, v)))));
            Add("pragma", string.Join(" ", words), "present");
        }
    }

    // ---- Tcl ----

    private void ReadTcl(string projectTcl, string scripts)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in TclSetRegex().Matches(projectTcl)) variables[m.Groups[1].Value] = m.Groups[2].Value.Trim().Trim('"');
        foreach (var raw in scripts.Split('\n'))
        {
            var line = raw.Trim();
            var catchMatch = CatchRegex().Match(line);
            var command = catchMatch.Success ? catchMatch.Groups[1].Value : line;
            if (!ToolCommandRegex().IsMatch(command)) continue;
            command = TclVariableRegex().Replace(command, m => variables.GetValueOrDefault(m.Groups[1].Value + m.Groups[2].Value, m.Value));
            command = WhitespaceRegex().Replace(command, " ").Trim();
            Add("tcl", command, "present");
        }
    }

    [GeneratedRegex(@"typedef\s+([^;]+?)\s+(\w+)\s*;")] private static partial Regex TypedefRegex();
    [GeneratedRegex(@"\b(?:layer\d+_t|input\d*_t|result_t|model_default_t|\w+_table_t|\w+_t)\b")] private static partial Regex NestedTypeNameRegex();
    [GeneratedRegex(@"\b(\d+)\*(\d+)\b")] private static partial Regex ProductRegex();
    [GeneratedRegex(@"(<\d+,-?\d+,AP_\w+,AP_\w+),0>")] private static partial Regex DefaultModesRegex();
    [GeneratedRegex(@"\s+")] private static partial Regex WhitespaceRegex();
    [GeneratedRegex(@"//[^\n]*")] private static partial Regex LineCommentRegex();
    [GeneratedRegex(@"struct\s+(\w+)\s*:\s*[\w:]+\s*\{(.*?)\n\};", RegexOptions.Singleline)] private static partial Regex StructRegex();
    [GeneratedRegex(@"^static const ([\w:<>*, ]+?) (\w+) = (.+)$", RegexOptions.Singleline)] private static partial Regex FieldRegex();
    [GeneratedRegex(@"^static const [\w:<>*, ]+? (\w+)\[.*\]$")] private static partial Regex ArrayFieldRegex();
    [GeneratedRegex(@"^typedef (.+) (\w+)$")] private static partial Regex MemberTypedefRegex();
    [GeneratedRegex(@"^template ?<[^>]*> using (\w+) = ([\w:]+)")] private static partial Regex UsingRegex();
    [GeneratedRegex(@"(\w+)\s*(?:\[[^\]]*\])*\s*$")] private static partial Regex PortNameRegex();
    [GeneratedRegex(@"^//\s*(\S+)\s+\([\w:]+\)\s*$")] private static partial Regex OurLayerCommentRegex();
    [GeneratedRegex(@"nnet::(\w+)\s*<(.*)>\s*\((.*)\)\s*;")] private static partial Regex CallRegex();
    [GeneratedRegex(@";\s*//\s*(.+)$")] private static partial Regex TrailingCommentRegex();
    [GeneratedRegex(@"#pragma\s+HLS\s+([^\n]+)", RegexOptions.IgnoreCase)] private static partial Regex PragmaRegex();
    [GeneratedRegex(@"^((?:variable|port)=)(\S+)$")] private static partial Regex VariableAssignRegex();
    [GeneratedRegex(@"^\s*set\s+(\w+)\s+(.+)$", RegexOptions.Multiline)] private static partial Regex TclSetRegex();
    [GeneratedRegex(@"^catch\s*\{(.*)\}$")] private static partial Regex CatchRegex();
    [GeneratedRegex(@"^(open_project|set_top|add_files|open_solution|config_\w+|set_part|create_clock|set_clock_uncertainty|csim_design|csynth_design|cosim_design|export_design|synth_design|read_verilog|read_vhdl|read_xdc|report_utilization|report_timing\w*|launch_runs|source run_sim)\b")] private static partial Regex ToolCommandRegex();
    [GeneratedRegex(@"\$\{(\w+)\}|\$(\w+)")] private static partial Regex TclVariableRegex();
}

/// <summary>Evaluates the unsigned integer expressions config structs use (+ - * / %, parentheses, DIV_ROUNDUP,
/// MIN/MAX, == != and ?: , field names defined earlier in the struct). Null when the text is not such an expression.</summary>
internal static class IntExpression
{
    public static long? TryEvaluate(string text, IReadOnlyDictionary<string, long> names)
    {
        var tokens = Regex.Matches(text, @"\d+|[A-Za-z_]\w*|==|!=|[-+*/%(),?:]|\S").Select(m => m.Value).ToList();
        var pos = 0;
        try
        {
            var v = Conditional();
            return pos == tokens.Count ? v : null;
        }
        catch (FormatException) { return null; }

        string Peek() => pos < tokens.Count ? tokens[pos] : "";
        long Conditional()
        {
            var c = Equality();
            if (Peek() != "?") return c;
            pos++;
            var a = Conditional(); Expect(":"); var b = Conditional();
            return c != 0 ? a : b;
        }
        long Equality()
        {
            var v = Sum();
            while (Peek() is "==" or "!=") v = (tokens[pos++] == "==") == (v == Sum()) ? 1 : 0;
            return v;
        }
        long Sum()
        {
            var v = Product();
            while (Peek() is "+" or "-") v = tokens[pos++] == "+" ? v + Product() : v - Product();
            return v;
        }
        long Product()
        {
            var v = Atom();
            while (Peek() is "*" or "/" or "%")
            {
                var op = tokens[pos++];
                var r = Atom();
                if (op != "*" && r == 0) throw new FormatException();
                v = op == "*" ? v * r : op == "/" ? v / r : v % r;
            }
            return v;
        }
        long Atom()
        {
            var t = Peek();
            pos++;
            if (t == "(") { var v = Conditional(); Expect(")"); return v; }
            if (t == "-") return -Atom();
            if (t.Length > 0 && char.IsAsciiDigit(t[0])) return long.Parse(t);
            if (t is "DIV_ROUNDUP" or "MIN" or "MAX")
            {
                Expect("("); var a = Sum(); Expect(","); var b = Sum(); Expect(")");
                return t == "DIV_ROUNDUP" ? (b == 0 ? throw new FormatException() : (a + b - 1) / b) : t == "MIN" ? Math.Min(a, b) : Math.Max(a, b);
            }
            if (names.TryGetValue(t, out var n)) return n;
            throw new FormatException();
        }
        void Expect(string s) { if (Peek() != s) throw new FormatException(); pos++; }
    }
}
