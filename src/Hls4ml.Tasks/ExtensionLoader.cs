using System.Reflection;
using System.Runtime.Loader;
using Hls4ml.Diagnostics;
using Hls4ml.Extensibility;

namespace Hls4ml.Tasks;

/// <summary>
/// Loads extension assemblies in their own collectible load context, sharing Hls4ml.Core with the SDK so that their
/// types implement our interfaces. Bytes are loaded from memory so the DLL on disk is never locked.
/// </summary>
public static class ExtensionLoader
{
    public static void Load(HlsRegistry registry, IEnumerable<string> paths, string? projectFile)
    {
        foreach (var path in paths.Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            if (!File.Exists(path))
                throw new HlsException(DiagnosticCodes.ExtensionLoadFailed, $"extension assembly '{path}' does not exist (build the extension project first).", projectFile);
            var context = new ExtensionLoadContext(path);
            Assembly assembly;
            try
            {
                using var stream = new MemoryStream(File.ReadAllBytes(path));
                assembly = context.LoadFromStream(stream);
            }
            catch (BadImageFormatException e)
            {
                throw new HlsException(DiagnosticCodes.ExtensionLoadFailed, $"'{path}' is not a .NET assembly: {e.Message}", projectFile);
            }
            try
            {
                registry.LoadAssembly(assembly, Path.GetFileNameWithoutExtension(path), Path.GetDirectoryName(Path.GetFullPath(path)));
            }
            catch (Exception e) when (e is ReflectionTypeLoadException or TypeLoadException or FileNotFoundException or MissingMethodException)
            {
                throw new HlsException(DiagnosticCodes.ExtensionLoadFailed,
                    $"'{path}' could not be loaded ({e.GetType().Name}: {e.Message}); build it against the Hls4ml.Core version of this SDK.", projectFile);
            }
        }
    }

    private sealed class ExtensionLoadContext(string mainPath) : AssemblyLoadContext($"hls4ml-extension:{Path.GetFileName(mainPath)}", isCollectible: true)
    {
        protected override Assembly? Load(AssemblyName name)
        {
            // Share the SDK's own assemblies (Hls4ml.Core, Newtonsoft.Json, Scriban...) with the extension.
            var shared = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == name.Name);
            if (shared is not null) return shared;
            var local = Path.Combine(Path.GetDirectoryName(mainPath)!, name.Name + ".dll");
            if (!File.Exists(local)) return null;
            using var stream = new MemoryStream(File.ReadAllBytes(local));
            return LoadFromStream(stream);
        }
    }
}
