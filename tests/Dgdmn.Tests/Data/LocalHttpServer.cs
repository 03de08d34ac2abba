using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Dgdmn.Tests.Data;

/// <summary>A tiny HTTP server on 127.0.0.1 (random free port) serving fixed responses per path, for download tests.</summary>
internal sealed class LocalHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentDictionary<string, (int Status, byte[] Body)> _routes = new();
    private readonly Task _loop;

    public LocalHttpServer()
    {
        for (int attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            BaseUrl = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add(BaseUrl);
            try { _listener.Start(); break; }
            catch (HttpListenerException) when (attempt < 5) { }   // port taken between probe and start
        }
        _loop = Task.Run(Serve);
    }

    /// <summary>"http://127.0.0.1:port/".</summary>
    public string BaseUrl { get; }

    /// <summary>Paths requested so far, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Serves <paramref name="body"/> with <paramref name="status"/> at <paramref name="path"/> (no leading slash); other paths give 404.</summary>
    public void Route(string path, byte[] body, int status = 200) => _routes["/" + path] = (status, body);

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            var path = ctx.Request.Url!.AbsolutePath;
            Requests.Enqueue(path);
            var (status, body) = _routes.TryGetValue(path, out var r) ? r : (404, "not found"u8.ToArray());
            ctx.Response.StatusCode = status;
            ctx.Response.ContentLength64 = body.Length;
            await ctx.Response.OutputStream.WriteAsync(body);
            ctx.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
