using System.Text.Json.Nodes;
using Harness.EnvTest.InProcess;
using Harness.EnvTest.Serialization;
using Harness.EnvTest.Storage;
using k8s;

namespace Harness.EnvTest.Core;

/// <summary>APIService objects for aggregated APIs, the stored webhook configurations, and the in-process client.</summary>
public sealed partial class ApiServer
{
    private const string ApiServicesKey = "apiregistration.k8s.io/apiservices";

    private static readonly ObjectEncoding ApiServiceEncoding = ObjectEncoding.GoStruct(typeof(k8s.Models.V1APIService));

    /// <summary>A KubernetesClient that talks to this server in-process (no socket), through <see cref="ApiServerMessageHandler"/>.</summary>
    public Kubernetes CreateClient() =>
        new Kubernetes(new KubernetesClientConfiguration { Host = "http://apiserver.in-process" }, new ApiServerMessageHandler(this));

    private IReadOnlyList<StoredObject> ListWebhookConfigurations(string storageKey) =>
        store.Count(storageKey) == 0 ? [] : store.List(storageKey, string.Empty, null, null).Items;

    private void StoreApiService(string group, string version)
    {
        var name = version + "." + group;
        var committed = store.Mutate(ApiServicesKey, name, (current, revision) =>
        {
            var obj = current is null ? new JsonObject() : ObjectJson.Parse(current.Json);
            obj["apiVersion"] = "apiregistration.k8s.io/v1";
            obj["kind"] = "APIService";
            var metadata = ObjectJson.Metadata(obj);
            metadata["name"] = name;
            if (current is null)
            {
                metadata["uid"] = NewUid();
                metadata["creationTimestamp"] = Now();
            }

            obj["spec"] = new JsonObject { ["group"] = group, ["version"] = version, ["groupPriorityMinimum"] = 1000, ["versionPriority"] = 15 };
            obj["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Available",
                    ["status"] = "True",
                    ["lastTransitionTime"] = Now(),
                    ["reason"] = "Local",
                    ["message"] = "Local APIServices are always available",
                }),
            };
            return StoreChange.Put(Freeze(obj, string.Empty, name, revision, ApiServiceEncoding));
        });
        _ = committed;
    }
}
