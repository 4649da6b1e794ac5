using System.Collections;
using Hls4ml.Diagnostics;
using Scriban;
using Scriban.Runtime;

namespace Hls4ml.Backends;

/// <summary>
/// The one template engine for generated C++ and Tcl (Scriban). Variables are strict: a typo in a template is an
/// HLS0303 error naming the template, not silently empty output.
/// </summary>
public sealed class TemplateEngine
{
    private readonly Dictionary<string, Template> _cache = new(StringComparer.Ordinal);

    /// <summary>Resolves `include "name"` inside templates (e.g. through a backend's override folders); null = no includes.</summary>
    public Func<string, string?>? IncludeResolver { get; init; }

    /// <summary>
    /// Renders a template over a model: a dictionary (layer templates: attributes and per-layer variables, keys
    /// verbatim) or a typed record (project templates), whose members templates read in snake_case.
    /// </summary>
    public string Render(string templatePath, object model)
    {
        var template = Parse(templatePath);
        var globals = model is IDictionary<string, object?> variables ? (ScriptObject)ToScript(variables)! : ImportRecord(model);
        var context = new TemplateContext
        {
            StrictVariables = true,
            LoopLimit = int.MaxValue,
            LimitToString = 0,
            RecursiveLimit = 1000,
            MemberRenamer = SnakeCase,
            TemplateLoader = IncludeResolver is null ? null : new ResolvingLoader(IncludeResolver),
        };
        context.PushGlobal(Functions);
        context.PushGlobal(globals);
        try
        {
            return template.Render(context);
        }
        catch (Scriban.Syntax.ScriptRuntimeException e)
        {
            throw new HlsException(DiagnosticCodes.TemplateError, $"Template '{templatePath}' failed: {e.Message}", templatePath);
        }
    }

    /// <summary>.NET members as templates spell them: ClockPeriod → clock_period (Scriban's standard renaming).</summary>
    private static readonly MemberRenamerDelegate SnakeCase = StandardMemberRenamer.Default;

    private static ScriptObject ImportRecord(object model)
    {
        var globals = new ScriptObject();
        globals.Import(model, renamer: SnakeCase);
        return globals;
    }

    /// <summary>Escaping functions templates pipe untrusted values through, e.g. <c>{{ project.part | tcl_quote }}</c>.</summary>
    private static readonly ScriptObject Functions = CreateFunctions();

    private static ScriptObject CreateFunctions()
    {
        var functions = new ScriptObject();
        functions.Import("tcl_quote", new Func<object?, string>(v => GeneratedText.TclQuote(Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))));
        functions.Import("cpp_comment", new Func<object?, string>(v => GeneratedText.CppComment(Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))));
        return functions;
    }

    /// <summary>
    /// The variables a template reads from its model, as (variable, member) pairs (member null when the variable is
    /// read whole), found in the syntax tree before anything renders. Names the template binds itself (loop
    /// variables, assignments), built-in function objects and included templates' variables are not reported. Reads
    /// inside an if/else body count only when the branch runs, so they are left to the strict render.
    /// </summary>
    public IReadOnlyCollection<(string Variable, string? Member)> ReadVariables(string templatePath)
    {
        var template = Parse(templatePath);
        var bound = new HashSet<string>(StringComparer.Ordinal);
        var read = new HashSet<(string, string?)>();
        void Walk(Scriban.Syntax.ScriptNode? node)
        {
            switch (node)
            {
                case null: return;
                case Scriban.Syntax.ScriptForStatement loop when loop.Variable is Scriban.Syntax.ScriptVariable v:
                    bound.Add(v.Name);
                    break;
                case Scriban.Syntax.ScriptAssignExpression { Target: Scriban.Syntax.ScriptVariable target }:
                    bound.Add(target.Name);
                    break;
                case Scriban.Syntax.ScriptMemberExpression { Target: Scriban.Syntax.ScriptVariableGlobal owner, Member: { } memberName }:
                    read.Add((owner.Name, memberName.Name));
                    return;
                case Scriban.Syntax.ScriptVariableGlobal global:
                    read.Add((global.Name, null));
                    return;
                case Scriban.Syntax.ScriptFunction function:
                    // A template's own function: its name is bound, its body (with parameters) is checked when it runs.
                    if (function.NameOrDoToken is Scriban.Syntax.ScriptVariable name) bound.Add(name.Name);
                    return;
                case Scriban.Syntax.ScriptIfStatement branch:
                    Walk(branch.Condition);
                    return;
                case Scriban.Syntax.ScriptCaseStatement choice:
                    Walk(choice.Value);
                    return;
            }
            foreach (var child in node.Children) Walk(child);
        }
        Walk(template.Page);
        return read.Where(r => !bound.Contains(r.Item1) && !BuiltInNames.Contains(r.Item1)).ToList();
    }

    /// <summary>Objects every template has without a model: Scriban's built-ins, loop state and our escaping functions.</summary>
    private static readonly HashSet<string> BuiltInNames = new(new Scriban.Functions.BuiltinFunctions().Keys.Concat(CreateFunctions().Keys)
        .Concat(new[] { "for", "while", "tablerow", "empty", "this" }), StringComparer.Ordinal);

    private Template Parse(string templatePath)
    {
        if (_cache.TryGetValue(templatePath, out var template)) return template;
        if (!File.Exists(templatePath))
            throw new HlsException(DiagnosticCodes.TemplateError, $"Template '{templatePath}' does not exist.", templatePath);
        template = Template.Parse(File.ReadAllText(templatePath), templatePath);
        if (template.HasErrors)
            throw new HlsException(DiagnosticCodes.TemplateError,
                $"Template '{templatePath}' has errors: {string.Join("; ", template.Messages)}", templatePath);
        return _cache[templatePath] = template;
    }

    private sealed class ResolvingLoader(Func<string, string?> resolve) : Scriban.Runtime.ITemplateLoader
    {
        public string GetPath(TemplateContext context, Scriban.Parsing.SourceSpan callerSpan, string templateName) =>
            resolve(templateName) ?? throw new HlsException(DiagnosticCodes.TemplateError,
                $"Template '{callerSpan.FileName}' includes '{templateName}', which no template folder provides.", callerSpan.FileName);

        public string Load(TemplateContext context, Scriban.Parsing.SourceSpan callerSpan, string templatePath) => File.ReadAllText(templatePath);

        public ValueTask<string?> LoadAsync(TemplateContext context, Scriban.Parsing.SourceSpan callerSpan, string templatePath) =>
            ValueTask.FromResult<string?>(File.ReadAllText(templatePath));
    }

    /// <summary>Plain values, dictionaries and lists to Scriban objects (keys kept verbatim).</summary>
    public static object? ToScript(object? value) => value switch
    {
        null => null,
        string or bool or int or long or double or float or decimal => value,
        IDictionary<string, object?> d => ToObject(d),
        IDictionary d => ToObject(d.Keys.Cast<object>().ToDictionary(k => k.ToString()!, k => d[k])),
        IEnumerable e => new ScriptArray(e.Cast<object?>().Select(ToScript)),
        _ => value,
    };

    private static ScriptObject ToObject(IDictionary<string, object?> d)
    {
        var o = new ScriptObject();
        foreach (var (k, v) in d) o.SetValue(k, ToScript(v), readOnly: false);
        return o;
    }
}
