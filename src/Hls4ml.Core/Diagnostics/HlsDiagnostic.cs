namespace Hls4ml.Diagnostics;

/// <summary>A reported problem: which rule, what exactly, and where (file, line, layer).</summary>
public sealed record HlsDiagnostic(DiagnosticDescriptor Descriptor, string Message, string? File = null, int Line = 0, string? Layer = null)
{
    public string Code => Descriptor.Code;
    public DiagnosticSeverity Severity => Descriptor.Severity;

    /// <summary>Message with the layer and the fix appended, as shown to users.</summary>
    public string FullMessage
    {
        get
        {
            var layer = Layer is null ? "" : $"layer '{Layer}': ";
            return $"{layer}{Message} Fix: {Descriptor.Help}";
        }
    }

    public override string ToString()
    {
        var where = File is null ? "" : Line > 0 ? $"{File}({Line}): " : $"{File}: ";
        var sev = Severity == DiagnosticSeverity.Error ? "error" : Severity == DiagnosticSeverity.Warning ? "warning" : "info";
        return $"{where}{sev} {Code}: {FullMessage}";
    }
}

/// <summary>Thrown for bad input; carries a coded diagnostic so callers never show a stack trace.</summary>
public sealed class HlsException : Exception
{
    public HlsDiagnostic Diagnostic { get; }

    public HlsException(HlsDiagnostic diagnostic, Exception? inner = null) : base(diagnostic.ToString(), inner) => Diagnostic = diagnostic;

    public HlsException(DiagnosticDescriptor descriptor, string message, string? file = null, string? layer = null, int line = 0)
        : this(new HlsDiagnostic(descriptor, message, file, line, layer)) { }
}

/// <summary>Collects warnings (and non-fatal errors) while a stage runs.</summary>
public sealed class DiagnosticBag
{
    private readonly List<HlsDiagnostic> _items = new();
    public IReadOnlyList<HlsDiagnostic> Items => _items;
    public bool HasErrors => _items.Any(d => d.Severity == DiagnosticSeverity.Error);
    public void Add(HlsDiagnostic d) => _items.Add(d);
    public void Add(DiagnosticDescriptor descriptor, string message, string? file = null, string? layer = null) =>
        _items.Add(new HlsDiagnostic(descriptor, message, file, 0, layer));
}
