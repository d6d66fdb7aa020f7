using System.Net;
using System.Text;
using Harness.EnvTest.Core;
using Harness.EnvTest.Environment;
using Harness.EnvTest.Requests;
using Harness.Reflectors;

namespace Harness.Scenarios.Cluster;

/// <summary>
/// Creates the harness CRDs in an in-process API server with the POST its client would send (the same body, content type
/// and user agent, so the same stored object and field manager), handed to the server's core directly: the server does
/// all it does on a create, but no client serializes a typed CRD or decodes the answer into one, and no transport step
/// is scheduled around it. The bodies are serialized once per process.
/// </summary>
internal static class InProcessCrdInstaller
{
    private const string CrdsPath = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

    private static readonly Lazy<IReadOnlyList<byte[]>> Bodies = new(() => [.. CrdInstallOptions.HarnessCrds().Select(KubernetesUtf8Json.Serialize)]);

    public static async Task InstallAsync(ApiServer server, string? userAgent)
    {
        foreach (var body in Bodies.Value)
        {
            var response = await server.HandleAsync(
                new ApiRequest
                {
                    Method = "POST",
                    Path = CrdsPath,
                    ContentType = "application/json; charset=utf-8",
                    Accept = "application/json",
                    UserAgent = userAgent,
                    Body = body,
                },
                CancellationToken.None);
            if (response.StatusCode != (int)HttpStatusCode.Created)
            {
                var answer = response is BufferedApiResponse buffered ? Encoding.UTF8.GetString(buffered.Body.Span) : response.ContentType;
                throw new InvalidOperationException($"creating a harness CRD answered {response.StatusCode}: {answer}");
            }
        }
    }
}
