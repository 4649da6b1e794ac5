using System.IO.Compression;
using System.Text.RegularExpressions;
using static Hls4ml.Tests.MSBuildRunner;

namespace Hls4ml.Tests;

/// <summary>
/// The SDK as a .NET user meets it: a folder outside the repository (its own global.json and NuGet.config) holding a
/// solution that mixes a class library, an MSTest project and .hlsproj projects, driven by real `dotnet build`,
/// `dotnet restore`, `dotnet test`, `dotnet pack`, `dotnet publish` and design-time target calls. The C++ compiler is
/// a stand-in (<see cref="FakeCompiler"/>): these tests check orchestration, not numerics, so none of them needs g++
/// (they are in the fast subset, --filter "TestCategory!=Cxx").
/// </summary>
[TestClass]
public sealed class StandardTargetsTests
{
    private static readonly string[] JetTaggerFiles = ["model.json", "model_weights.h5", "input.dat", "expected.dat"];

    /// <summary>A solution folder outside the repository that resolves the SDK packed by this clone.</summary>
    private static string NewUserFolder(string name)
    {
        var dir = TestPaths.NewTempDir(name);
        File.Copy(Path.Combine(TestPaths.RepoRoot, "global.json"), Path.Combine(dir, "global.json"));
        var artifacts = Path.Combine(TestPaths.RepoRoot, "artifacts");
        File.WriteAllText(Path.Combine(dir, "NuGet.config"), $"""
            <configuration>
              <config><add key="globalPackagesFolder" value="{Path.Combine(artifacts, "nuget-packages")}" /></config>
              <packageSources><add key="hls4ml-local" value="{Path.Combine(artifacts, "packages")}" /></packageSources>
            </configuration>
            """);
        return dir;
    }

    /// <summary>
    /// A stand-in for g++: "compiles" instantly; the linked "simulation" writes <paramref name="outputs"/> zeros per
    /// input row, so CSim runs its whole flow (compile cache, run, accuracy report, tolerance) in milliseconds.
    /// </summary>
    internal static string FakeCompiler(string dir, int outputs, string name = "fake-gxx")
    {
        if (OperatingSystem.IsWindows()) Assert.Inconclusive("the stand-in compiler is a POSIX shell script");
        var zeros = string.Join(" ", Enumerable.Repeat("0", outputs));
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, $$"""
            #!/bin/sh
            echo "{{name}}: note: stand-in compiler ran" >&2
            out=; prev=
            for a in "$@"; do [ "$prev" = "-o" ] && out=$a; prev=$a; done
            case " $* " in
              *" -c "*) echo object > "$out" ;;
              *) printf '#!/bin/sh\nawk "NF { print \\"{{zeros}}\\" }" "$1" > "$2"\n' > "$out"; chmod +x "$out" ;;
            esac
            """.Replace("\r\n", "\n"));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static string JetTaggerProject(string dir, string name, string compiler, string extraItems = "", string extraProperties = "")
    {
        Directory.CreateDirectory(dir);
        foreach (var f in JetTaggerFiles) File.Copy(Path.Combine(TestPaths.RepoRoot, "samples", "jet_tagger", f), Path.Combine(dir, f), true);
        var project = Path.Combine(dir, name + ".hlsproj");
        File.WriteAllText(project, $"""
            <Project Sdk="Hls4ml.Sdk">
              <PropertyGroup>
                <HlsCxx>{compiler}</HlsCxx>
            {extraProperties}
              </PropertyGroup>
              <ItemGroup>
                <HlsModel Include="model.json" Weights="model_weights.h5" />
                <HlsTestData Include="input.dat" Expected="expected.dat" />
            {extraItems}
              </ItemGroup>
            </Project>
            """);
        return project;
    }

    /// <summary>Succeeded and printed no diagnostic (MSBuild's "file(line): warning CODE: text" shape, code optional).</summary>
    private static void AssertClean(Result r, string what)
    {
        Assert.IsTrue(r.Succeeded, $"{what}: {r}");
        var diagnostic = Regex.Match(r.Output, @"\b(warning|error)( [A-Z]+\d+)?\s*:.*");
        Assert.IsFalse(diagnostic.Success, $"{what} printed '{diagnostic.Value}':\n{r.Output}");
    }

    private static readonly string[] DesignTimeTargets =
    [
        "ResolveAssemblyReferences", "ResolveProjectReferences", "CollectPackageReferences", "CollectFrameworkReferences",
        "ResolveComReferences", "ResolvePackageDependenciesDesignTime", "CompileDesignTime", "CollectUpToDateCheckInputDesignTime",
        "CollectUpToDateCheckOutputDesignTime", "GetTargetFrameworks", "GetCopyToOutputDirectoryItems", "BuiltProjectOutputGroup", "GetTargetPath",
    ];

    /// <summary>
    /// One solution through every solution-wide command with -warnaserror: design-time targets run no step, restore
    /// (solution and extension projects) warns about nothing, build prints `project -> output`, `dotnet test` runs the
    /// MSTest project and nothing of the .hlsproj, VSTest is a no-op, pack zips the generated project next to the
    /// library's nupkg, publish copies it.
    /// </summary>
    [TestMethod]
    public void MixedSolutionRestoresBuildsTestsPacksAndPublishesWithoutWarnings()
    {
        var root = NewUserFolder("mixed");
        var compiler = FakeCompiler(root, 5);
        var model = JetTaggerProject(Path.Combine(root, "model"), "model", compiler);
        Directory.CreateDirectory(Path.Combine(root, "lib"));
        File.WriteAllText(Path.Combine(root, "lib", "lib.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <!-- Build order only: the HLS project is generated before the library. -->
              <ItemGroup><ProjectReference Include="../model/model.hlsproj" ReferenceOutputAssembly="false" /></ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(root, "lib", "Lib.cs"), "namespace Lib; public static class Answer { public static int Get() => 42; }\n");
        var mstestSdk = Regex.Match(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "Hls4ml.Sdk.Tests", "Hls4ml.Sdk.Tests.csproj")), "Sdk=\"(MSTest.Sdk/[^\"]+)\"").Groups[1].Value;
        Directory.CreateDirectory(Path.Combine(root, "tests"));
        File.WriteAllText(Path.Combine(root, "tests", "tests.csproj"), $"""
            <Project Sdk="{mstestSdk}">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
              <ItemGroup><ProjectReference Include="../lib/lib.csproj" /></ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(root, "tests", "AnswerTests.cs"),
            "namespace Tests;\n[TestClass] public class AnswerTests { [TestMethod] public void IsFortyTwo() => Assert.AreEqual(42, Lib.Answer.Get()); }\n");
        File.WriteAllText(Path.Combine(root, "all.slnx"), """
            <Solution>
              <Project Path="lib/lib.csproj" />
              <Project Path="model/model.hlsproj" Type="13b669be-bb05-4ddf-9536-439f39a36129" />
              <Project Path="tests/tests.csproj" />
            </Solution>
            """);

        // Design-time build before anything was built: every target exists, none runs a step or writes a file.
        var design = Dotnet(Path.Combine(root, "model"), "msbuild", "model.hlsproj", "-t:" + string.Join(";", DesignTimeTargets),
                            "-p:DesignTimeBuild=true", "-getTargetResult:GetTargetPath");
        Assert.IsTrue(design.Succeeded, design.ToString());
        StringAssert.Contains(design.Output, $"\"Identity\": \"{Path.Combine(root, "model", "bin", "model_hls")}/\"", design.Output);
        Assert.IsFalse(Directory.Exists(Path.Combine(root, "model", "obj")) || Directory.Exists(Path.Combine(root, "model", "bin")),
                       "a design-time build ran a step");

        var build = Dotnet(root, "build", "all.slnx", "-warnaserror");
        AssertClean(build, "dotnet build");
        StringAssert.Contains(build.Output, $"model -> {Path.Combine(root, "model", "bin", "model_hls")}/", build.Output);
        StringAssert.Contains(build.Output, "CSim: compiling model with", "the long compile announces itself");
        StringAssert.Contains(build.Output, $"lib -> ", build.Output);

        // Microsoft.Testing.Platform mode passes unknown switches to the test applications: -warnaserror as a property.
        var test = Dotnet(root, "test", "--solution", "all.slnx", "-p:MSBuildTreatWarningsAsErrors=true");
        AssertClean(test, "dotnet test");
        StringAssert.Contains(test.Output, "succeeded: 1", test.Output);

        // VSTest-mode `dotnet test` calls VSTest on every project: a no-op here (the C simulation is part of Build).
        var vstest = Dotnet(Path.Combine(root, "model"), "msbuild", "model.hlsproj", "-t:VSTest", "-p:VSTestNoBuild=true", "-warnaserror");
        AssertClean(vstest, "VSTest");
        StringAssert.Contains(vstest.Output, "model: no unit tests; the C simulation checks ran in Build", vstest.Output);

        // -c Debug reuses the build above (dotnet pack defaults to Release, which would compile everything again).
        var pack = Dotnet(root, "pack", "all.slnx", "-c", "Debug", "-warnaserror");
        AssertClean(pack, "dotnet pack");
        var zip = Path.Combine(root, "model", "bin", "model.1.0.0.hls.zip");
        StringAssert.Contains(pack.Output, $"model -> {zip}", pack.Output);
        using (var archive = ZipFile.OpenRead(zip))
        {
            var entries = archive.Entries.Select(e => e.FullName.Replace('\\', '/')).ToList();
            CollectionAssert.Contains(entries, "firmware/model.cpp");
            CollectionAssert.Contains(entries, "build_prj.tcl");
        }
        Assert.IsNotEmpty(Directory.GetFiles(Path.Combine(root, "lib", "bin"), "lib.*.nupkg", SearchOption.AllDirectories), "the library was packed too");

        var publish = Dotnet(Path.Combine(root, "model"), "publish", "model.hlsproj", "-warnaserror");
        AssertClean(publish, "dotnet publish");
        var published = Path.Combine(root, "model", "bin", "publish");
        Assert.IsTrue(File.Exists(Path.Combine(published, "model_hls", "firmware", "model.cpp")), publish.Output);
        Assert.IsTrue(File.Exists(Path.Combine(published, "model.csim_summary.txt")), publish.Output);
    }

    /// <summary>
    /// IDE metadata, read from an evaluation as Visual Studio reads it: every item type the SDK consumes is an
    /// AvailableItemName with a rule for its metadata and an ItemType in the items schema; the property page rule
    /// lists every property of the README's Properties table (and nothing else), with the enum values the SDK accepts.
    /// </summary>
    [TestMethod]
    public void IdeMetadataDescribesEveryItemTypeAndProperty()
    {
        var root = NewUserFolder("ide");
        JetTaggerProject(Path.Combine(root, "m"), "m", "g++");
        var r = Dotnet(Path.Combine(root, "m"), "msbuild", "m.hlsproj", "-getItem:AvailableItemName,ProjectCapability,PropertyPageSchema");
        Assert.IsTrue(r.Succeeded, r.ToString());
        var items = Newtonsoft.Json.Linq.JObject.Parse(r.Output)["Items"]!;
        string[] Specs(string type) => items[type]!.Select(i => (string)i["Identity"]!).ToArray();

        string[] itemTypes = ["HlsModel", "HlsTestData", "HlsLayerConfig", "HlsLayerTypeConfig", "HlsExtension"];
        CollectionAssert.AreEquivalent(itemTypes, Specs("AvailableItemName"));
        CollectionAssert.Contains(Specs("ProjectCapability"), "Hls4ml");

        var rules = Specs("PropertyPageSchema").ToDictionary(p => Path.GetFileNameWithoutExtension(p), p => System.Xml.Linq.XDocument.Load(p).Root!);
        System.Xml.Linq.XNamespace ns = "http://schemas.microsoft.com/build/2009/properties";
        var schemaItemTypes = rules["Hls4mlItems"].Elements(ns + "ItemType").Select(e => (string)e.Attribute("Name")!).ToArray();
        CollectionAssert.AreEquivalent(itemTypes, schemaItemTypes);
        foreach (var type in itemTypes)
            Assert.AreEqual(type, (string?)rules[type].Descendants(ns + "DataSource").First().Attribute("ItemType"), $"rule {type}");
        StringAssert.Contains(rules["HlsModel"].ToString(), "Name=\"Weights\"");
        StringAssert.Contains(rules["HlsTestData"].ToString(), "Name=\"Expected\"");

        var project = rules["Hls4mlProject"];
        var ruleProperties = project.Elements().Where(e => e.Name.LocalName.EndsWith("Property", StringComparison.Ordinal))
            .Select(e => (string)e.Attribute("Name")!).ToHashSet();
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md"));
        var table = readme[readme.IndexOf("### Properties", StringComparison.Ordinal)..readme.IndexOf("### Items", StringComparison.Ordinal)];
        var documented = Regex.Matches(table, @"^\| `(Hls\w+)`(?: / `(Hls\w+)`)?", RegexOptions.Multiline)
            .SelectMany(m => new[] { m.Groups[1].Value, m.Groups[2].Value }).Where(v => v.Length > 0).ToHashSet();
        CollectionAssert.AreEquivalent(documented.Order().ToList(), ruleProperties.Order().ToList(), "property page vs README Properties table");
        string[] Enum(string name) => project.Elements(ns + "EnumProperty").Single(e => (string)e.Attribute("Name")! == name)
            .Elements(ns + "EnumValue").Select(v => (string)v.Attribute("Name")!).ToArray();
        CollectionAssert.AreEqual(Hls4ml.Config.HlsConfig.Strategies.ToArray(), Enum("HlsStrategy"));
        CollectionAssert.AreEqual(Hls4ml.Config.HlsConfig.IOTypes.ToArray(), Enum("HlsIOType"));
        CollectionAssert.AreEquivalent(new[] { "Vivado", "Vitis" }, Enum("HlsBackend"));
    }

    /// <summary>
    /// g++ runs like an MSBuild tool: ToolPath/ToolExe override HlsCxx, its output is logged at
    /// StandardOutputImportance, the compile announces itself, and cancelling the build (Ctrl+C) kills the compiler
    /// and leaves no trusted CSim result.
    /// </summary>
    [TestMethod]
    public void CompilerRunsLikeAnMSBuildTool()
    {
        var root = NewUserFolder("tooltask");
        var dir = Path.Combine(root, "m");
        FakeCompiler(root, 5, "my-gxx");
        JetTaggerProject(dir, "m", "/nonexistent/g++");
        var r = Dotnet(dir, "build", "m.hlsproj", "-v:m", $"-p:HlsCxxToolPath={root}", "-p:HlsCxxToolExe=my-gxx",
                       "-p:HlsCSimStandardOutputImportance=High", "-p:HlsDefaultPrecision=fixed(18:8)");
        Assert.IsTrue(r.Succeeded, r.ToString());
        StringAssert.Contains(r.Output, "my-gxx: note: stand-in compiler ran", "compiler output at High importance shows at -v:m");
        StringAssert.Contains(r.Output, "CSim: compiling m with " + Path.Combine(root, "my-gxx"));
        StringAssert.Contains(r.Output, $"m -> {dir}/bin/m_hls/");
        StringAssert.Contains(File.ReadAllText(Path.Combine(dir, "bin", "m_hls", "firmware", "defines.h")), "ap_fixed<18,8>",
                              "the comma-free precision given on the command line");
        var quiet = Dotnet(dir, "build", "m.hlsproj", "-v:m", $"-p:HlsCxxToolPath={root}", "-p:HlsCxxToolExe=my-gxx", "-p:HlsCSimOptimization=-O0");
        Assert.IsTrue(quiet.Succeeded, quiet.ToString());
        Assert.IsFalse(quiet.Output.Contains("stand-in compiler ran"), "Normal importance is hidden at -v:m:\n" + quiet.Output);

        // A compiler that hangs: Ctrl+C (SIGINT) cancels the build and kills it.
        var pidFile = Path.Combine(root, "slow.pid");
        var slow = Path.Combine(root, "slow-gxx");
        File.WriteAllText(slow, $"#!/bin/sh\necho $$ > '{pidFile}'\nexec sleep 300\n");
        File.SetUnixFileMode(slow, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var build = System.Diagnostics.Process.Start(StartInfo(dir, null, "build", "m.hlsproj", $"-p:HlsCxx={slow}", "-p:HlsCSimOptimization=-O3"))!;
        build.BeginOutputReadLine();
        build.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!File.Exists(pidFile) || File.ReadAllText(pidFile).Trim().Length == 0)
        {
            Assert.IsFalse(build.HasExited, "the build ended before the compiler started");
            Assert.IsLessThan(deadline, DateTime.UtcNow, "the compiler never started");
            Thread.Sleep(100);
        }
        var compilerPid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        using (var kill = System.Diagnostics.Process.Start("kill", ["-INT", build.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        Assert.IsTrue(build.WaitForExit(TimeSpan.FromSeconds(60)), "the build did not stop after Ctrl+C");
        Assert.AreNotEqual(0, build.ExitCode);
        var gone = DateTime.UtcNow.AddSeconds(10);
        while (IsAlive(compilerPid) && DateTime.UtcNow < gone) Thread.Sleep(100);
        Assert.IsFalse(IsAlive(compilerPid), "the compiler process was left running");
        Assert.IsFalse(File.Exists(Path.Combine(dir, "obj", "hls4ml", "m", "csim.done")), "a cancelled CSim is not up to date");
    }

    private static bool IsAlive(int pid)
    {
        try { using var p = System.Diagnostics.Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
    }

    /// <summary>
    /// An extension project (not in the solution) is restored by the solution's restore, through the .hlsproj that
    /// references it; `dotnet restore` of the project alone restores it too.
    /// </summary>
    [TestMethod]
    public void SolutionRestoreRestoresExtensionProjectsWithoutWarnings()
    {
        var root = NewUserFolder("ext-restore");
        var sample = Path.Combine(TestPaths.RepoRoot, "samples", "custom_layer");
        CopyDir(sample, Path.Combine(root, "custom"));
        // The sample takes the Hls4ml.Core version from the repository's Directory.Build.props; a user's folder sets it itself.
        var version = Regex.Match(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "Directory.Build.props")), "<Hls4mlVersion>([^<]+)<").Groups[1].Value;
        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), $"<Project><PropertyGroup><Hls4mlVersion>{version}</Hls4mlVersion></PropertyGroup></Project>\n");
        File.WriteAllText(Path.Combine(root, "ext.slnx"), """
            <Solution>
              <Project Path="custom/custom_layer.hlsproj" Type="13b669be-bb05-4ddf-9536-439f39a36129" />
            </Solution>
            """);
        var assets = Path.Combine(root, "custom", "IdLayer", "obj", "project.assets.json");
        var restore = Dotnet(root, "restore", "ext.slnx", "-warnaserror");
        AssertClean(restore, "dotnet restore");
        Assert.IsTrue(File.Exists(assets), "the extension project was restored:\n" + restore.Output);

        File.Delete(assets);
        var single = Dotnet(Path.Combine(root, "custom"), "restore", "custom_layer.hlsproj", "-warnaserror");
        AssertClean(single, "dotnet restore of the project");
        Assert.IsTrue(File.Exists(assets), single.Output);
    }

    /// <summary>
    /// A step whose warning -warnaserror turned into an error is not up to date afterwards: the next build reruns it
    /// and fails the same way (Generate: HLS0007; CSim: HLS0406), and succeeds once the warning is allowed again.
    /// </summary>
    [TestMethod]
    public void FailedStepsAreNeverTrustedByTheNextBuild()
    {
        var root = NewUserFolder("failed");
        var dir = Path.Combine(root, "m");
        JetTaggerProject(dir, "m", FakeCompiler(root, 5), """    <HlsLayerTypeConfig Include="Conv2D" ReuseFactor="2" />""");

        for (int attempt = 1; attempt <= 2; attempt++)
        {
            var r = Dotnet(dir, "build", "m.hlsproj", "-warnaserror");
            Assert.IsFalse(r.Succeeded, $"attempt {attempt}: {r}");
            StringAssert.Contains(r.Output, "error HLS0007", $"attempt {attempt}: {r}");
        }
        var allowed = Dotnet(dir, "build", "m.hlsproj");
        Assert.IsTrue(allowed.Succeeded, allowed.ToString());
        StringAssert.Contains(allowed.Output, "warning HLS0007", allowed.Output);

        // CSim: the zeros of the stand-in simulation are far from Expected.
        for (int attempt = 1; attempt <= 2; attempt++)
        {
            var r = Dotnet(dir, "build", "m.hlsproj", "-warnaserror", "-p:HlsCSimTolerance=0.001");
            Assert.IsFalse(r.Succeeded, $"attempt {attempt}: {r}");
            StringAssert.Contains(r.Output, "error HLS0406", $"attempt {attempt}: {r}");
            Assert.IsFalse(r.Output.Contains("HLS0007"), $"attempt {attempt}: Generate succeeded before and stays up to date:\n{r}");
        }
        var tolerated = Dotnet(dir, "build", "m.hlsproj", "-p:HlsCSimTolerance=0.001");
        Assert.IsTrue(tolerated.Succeeded, tolerated.ToString());
        StringAssert.Contains(tolerated.Output, "warning HLS0406", tolerated.Output);
    }

    /// <summary>
    /// Every setting is an input of exactly the steps whose result it changes. One MSBuild process builds the project
    /// once per change (cumulative, so no configuration repeats) and the log tells which steps ran. Per-layer and
    /// item metadata come from properties, so they change without the project file changing.
    /// </summary>
    [TestMethod]
    public void EverySettingRerunsExactlyTheStepsItChanges()
    {
        var root = NewUserFolder("inputs");
        var dir = Path.Combine(root, "m");
        var compiler = FakeCompiler(root, 5);
        var otherCompiler = FakeCompiler(root, 5, "other-gxx");
        JetTaggerProject(dir, "m", compiler, extraItems: """
                <HlsLayerConfig Include="fc1" AccumPrecision="$(TestAccum)" />
                <HlsLayerTypeConfig Include="Softmax" TableSize="$(TestTableSize)" />
            """);
        // The project's model/test-data items as properties (weights file, expected file) to flip them too.
        var project = Path.Combine(dir, "m.hlsproj");
        File.WriteAllText(project, File.ReadAllText(project)
            .Replace("Weights=\"model_weights.h5\"", "Weights=\"$(TestWeights)\"")
            .Replace("Expected=\"expected.dat\"", "Expected=\"$(TestExpected)\""));
        File.Copy(Path.Combine(dir, "model_weights.h5"), Path.Combine(dir, "same_weights.h5"));
        File.Copy(Path.Combine(dir, "expected.dat"), Path.Combine(dir, "expected2.dat"));

        const string C = "Convert", G = "Generate", S = "CSim";
        var changes = new (string Property, string Value, string[] Steps)[]
        {
            ("TestAccum", "fixed(18,8)", [C, G, S]),   // first build: everything
            ("TestNothing", "1", []),
            ("HlsPart", "xc7z020clg400-1", [G]),
            ("HlsClockPeriod", "4", [G]),
            ("HlsClockUncertainty", "1.5", [G]),
            ("HlsVersion", "1.2.0", [G]),
            ("HlsUnrollWarningThreshold", "8192", [G]),
            ("HlsEstimatesFile", Path.Combine(root, "est.json"), [G]),
            ("HlsMaximumPartitionSize", "8192", [G]),
            ("HlsReuseFactor", "2", [G, S]),
            ("HlsStrategy", "Resource", [G, S]),
            ("HlsDefaultPrecision", "ap_fixed<18,8>", [G, S]),
            ("HlsBramFactor", "100", [G, S]),
            ("HlsIOType", "io_stream", [G, S]),
            ("HlsProjectName", "renamed", [C, G, S]),
            ("HlsOutputDir", Path.Combine(root, "hls") + "/", [G, S]),
            ("HlsCSimResultsFile", Path.Combine(root, "results.dat"), [S]),
            ("HlsCSimSummaryFile", Path.Combine(root, "summary.txt"), [S]),
            ("HlsCxx", otherCompiler, [S]),
            ("HlsCSimOptimization", "-O0", [S]),
            ("HlsCSimTolerance", "1000", [S]),
            ("TestAccum", "fixed(20,8)", [G, S]),
            ("TestTableSize", "512", [G, S]),
            ("TestExpected", "expected2.dat", [S]),
            ("TestWeights", "same_weights.h5", [C]),   // same bytes: the same IR, nothing downstream changes
            ("HlsIntermediateDir", Path.Combine(root, "obj2") + "/", [C, G, S]),
        };
        var current = new Dictionary<string, string>
        {
            ["TestAccum"] = "fixed(18,8)", ["TestTableSize"] = "1024", ["TestWeights"] = "model_weights.h5", ["TestExpected"] = "expected.dat",
        };
        var driver = new System.Text.StringBuilder("<Project>\n  <Target Name=\"Flip\">\n");
        for (int i = 0; i < changes.Length; i++)
        {
            current[changes[i].Property] = changes[i].Value;
            var properties = string.Join(";", current.Select(kv => $"{kv.Key}={kv.Value}"));
            driver.Append($"    <Message Importance=\"high\" Text=\"=== change {i}\" />\n");
            driver.Append($"    <MSBuild Projects=\"m.hlsproj\" Targets=\"Build\" Properties=\"{System.Security.SecurityElement.Escape(properties)}\" />\n");
        }
        driver.Append("    <Message Importance=\"high\" Text=\"=== change end\" />\n  </Target>\n</Project>\n");
        File.WriteAllText(Path.Combine(dir, "flip.proj"), driver.ToString());

        var r = Dotnet(dir, "msbuild", "flip.proj", "-v:n", "-nologo");
        Assert.IsTrue(r.Succeeded, r.ToString());
        var sections = Regex.Split(r.Output, @"=== change ").Skip(1).ToArray();
        var failures = new List<string>();
        for (int i = 0; i < changes.Length; i++)
        {
            var log = sections[i];
            var ran = new List<string>();
            if (Regex.IsMatch(log, @"Convert: \S+ → \d+ layers")) ran.Add(C);
            if (log.Contains("GenerateHls: ")) ran.Add(G);
            if (log.Contains("CSim accuracy summary for")) ran.Add(S);
            if (!ran.SequenceEqual(changes[i].Steps))
                failures.Add($"{changes[i].Property}={changes[i].Value}: expected [{string.Join(", ", changes[i].Steps)}], ran [{string.Join(", ", ran)}]");
        }
        Assert.IsEmpty(failures, string.Join("\n", failures) + "\n\n" + r.Output);
    }
}
