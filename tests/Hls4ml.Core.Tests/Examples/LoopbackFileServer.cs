using System.Net;
using System.Net.Sockets;

namespace Hls4ml.Tests;

/// <summary>
/// Serves a folder over HTTP on the loopback interface (a stand-in for the example-model repository, so no test
/// touches the internet). Counts requests; Dispose stops it.
/// </summary>
public sealed class LoopbackFileServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _root;
    private readonly Task _loop;
    private int _requests;

    public LoopbackFileServer(string root)
    {
        _root = Path.GetFullPath(root);
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}/";
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>A loopback URL where nothing listens (the port was free a moment ago).</summary>
    public static string DeadUrl() => $"http://127.0.0.1:{FreePort()}/";

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            Interlocked.Increment(ref _requests);
            try
            {
                var relative = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath.TrimStart('/'));
                var path = Path.GetFullPath(Path.Combine(_root, relative));
                if (path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(path))
                {
                    var bytes = await File.ReadAllBytesAsync(path);
                    context.Response.ContentLength64 = bytes.Length;
                    await context.Response.OutputStream.WriteAsync(bytes);
                }
                else context.Response.StatusCode = 404;
            }
            finally { context.Response.Close(); }
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
