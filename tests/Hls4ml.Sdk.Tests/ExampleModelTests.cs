using static Hls4ml.Tests.MSBuildRunner;

namespace Hls4ml.Tests;

/// <summary>-t:HlsFetchExampleModel and HlsExampleModel against the shared example models on a loopback HTTP server.</summary>
[TestClass]
public sealed class ExampleModelTests
{
    [TestMethod]
    public void FetchListsDownloadsWritesAReadyProjectThatBuildsFromTheCache()
    {
        var root = TestPaths.RequireShared("models", "example-models");
        var dir = NewWorkDir("fetch");
        var cache = Path.Combine(dir, "cache");
        File.WriteAllText(Path.Combine(dir, "start.hlsproj"), """<Project Sdk="Hls4ml.Sdk" />""");
        using (var server = new LoopbackFileServer(root))
        {
            var url = $"-p:HlsExampleModelsUrl={server.Url}";
            var list = Dotnet(dir, "msbuild", "-restore", "-nodeReuse:false", "-t:HlsFetchExampleModel", url, $"-p:HlsExampleModelsCache={cache}", "start.hlsproj");
            Assert.IsTrue(list.Succeeded, list.ToString());
            StringAssert.Contains(list.Output, "keras: ");
            StringAssert.Contains(list.Output, "KERAS_3layer.json");

            var fetch = Dotnet(dir, "msbuild", "-nodeReuse:false", "-t:HlsFetchExampleModel", url, $"-p:HlsExampleModelsCache={cache}", "-p:HlsExampleModel=KERAS_3layer", "start.hlsproj");
            Assert.IsTrue(fetch.Succeeded, fetch.ToString());
            StringAssert.Contains(fetch.Output, "downloaded");
        }
        // The server is gone: the written project builds from its copied files.
        var project = Path.Combine(dir, "KERAS_3layer", "KERAS_3layer.hlsproj");
        Assert.IsTrue(File.Exists(project));
        var build = Dotnet(Path.GetDirectoryName(project)!, "build", "KERAS_3layer.hlsproj");
        Assert.IsTrue(build.Succeeded, build.ToString());
        Assert.IsTrue(File.Exists(Path.Combine(dir, "KERAS_3layer", "bin", "KERAS_3layer_hls", "firmware", "myproject.cpp")), "ProjectName myproject from the example's configuration");

        // A project naming HlsExampleModel (dotnet new hlsproj --example) uses the cache without the network...
        File.WriteAllText(Path.Combine(dir, "byname.hlsproj"), """
            <Project Sdk="Hls4ml.Sdk">
              <PropertyGroup><HlsExampleModel>KERAS_3layer</HlsExampleModel></PropertyGroup>
            </Project>
            """);
        var dead = LoopbackFileServer.DeadUrl();
        var cached = Dotnet(dir, "msbuild", "-nodeReuse:false", "-t:HlsGenerate", $"-p:HlsExampleModelsUrl={dead}", $"-p:HlsExampleModelsCache={cache}", "byname.hlsproj");
        Assert.IsTrue(cached.Succeeded, cached.ToString());
        StringAssert.Contains(cached.Output, "from the cache");
        // ...and one not cached fails clearly when the repository cannot be reached.
        var down = Dotnet(dir, "msbuild", "-nodeReuse:false", "-t:HlsGenerate", $"-p:HlsExampleModelsUrl={dead}", $"-p:HlsExampleModelsCache={cache}", "-p:HlsExampleModel=three_layer_keras.onnx", "byname.hlsproj");
        AssertCodedFailure(down, "HLS0028", dead + "available_models.json");
    }
}
