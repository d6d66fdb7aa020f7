using System.Text.Json.Nodes;
using Harness.EnvTest.Protos.ApiExtensions;
using Harness.EnvTest.Protos.Core;
using Harness.EnvTest.Protos.Meta;
using Harness.EnvTest.Resources;
using Harness.EnvTest.Serialization.Protobuf;

namespace Harness.EnvTest.Tests.Serialization;

public sealed class ProtobufJsonTests
{
    private static JsonObject Json(Google.Protobuf.IMessage message)
    {
        var obj = new JsonObject();
        ProtobufJson.WriteFields(message, obj);
        return obj;
    }

    [Fact]
    public void WriteFields_Times_WritesRfc3339SecondsAndNullForTheZeroTime()
    {
        var status = new PodStatus { StartTime = new Time { Seconds = 1767323045, Nanos = 500_000_000 } };
        status.Conditions.Add(new PodCondition { Type = "Ready", Status = "True", LastTransitionTime = new Time() });

        var json = Json(status);

        Assert.Equal("2026-01-02T03:04:05Z", json["startTime"]!.GetValue<string>());
        Assert.Equal("""{"type":"Ready","status":"True","lastTransitionTime":null}""", json["conditions"]![0]!.ToJsonString());
    }

    [Fact]
    public void WriteFields_TimeBeyondYear9999_Throws()
    {
        var status = new PodStatus { StartTime = new Time { Seconds = 253402300800 } };

        Assert.Throws<FormatException>(() => Json(status));
    }

    [Fact]
    public void WriteFields_PointerAndValueFields_KeepsSentPointersAndDropsZeroValues()
    {
        var spec = new PodSpec { AutomountServiceAccountToken = false, TerminationGracePeriodSeconds = 0, HostNetwork = false, NodeName = string.Empty };

        Assert.Equal("""{"terminationGracePeriodSeconds":0,"automountServiceAccountToken":false}""", Json(spec).ToJsonString());
    }

    [Fact]
    public void WriteFields_EmbeddedStructs_SpreadIntoTheirParent()
    {
        var env = new EnvVar
        {
            Name = "A",
            ValueFrom = new EnvVarSource { ConfigMapKeyRef = new ConfigMapKeySelector { LocalObjectReference = new LocalObjectReference { Name = "settings" }, Key = "a" } },
        };
        var volume = new Volume { Name = "scratch", VolumeSource = new VolumeSource { EmptyDir = new EmptyDirVolumeSource() } };

        Assert.Equal("""{"name":"A","valueFrom":{"configMapKeyRef":{"name":"settings","key":"a"}}}""", Json(env).ToJsonString());
        Assert.Equal("""{"name":"scratch","emptyDir":{}}""", Json(volume).ToJsonString());
    }

    [Fact]
    public void WriteFields_QuantitiesAndIntOrStrings_WritesTheirJsonForms()
    {
        var container = new Container
        {
            Name = "c",
            Resources = new ResourceRequirements(),
            LivenessProbe = new Probe { Handler = new ProbeHandler { HttpGet = new HTTPGetAction { Port = new IntOrString { Type = 1, StrVal = "http" } } } },
            ReadinessProbe = new Probe { Handler = new ProbeHandler { TcpSocket = new TCPSocketAction { Port = new IntOrString { IntVal = 8080 } } } },
        };
        container.Resources.Requests.Add("memory", new Quantity { String = "128Mi" });

        var json = Json(container);

        Assert.Equal("""{"requests":{"memory":"128Mi"}}""", json["resources"]!.ToJsonString());
        Assert.Equal("""{"httpGet":{"port":"http"}}""", json["livenessProbe"]!.ToJsonString());
        Assert.Equal("""{"tcpSocket":{"port":8080}}""", json["readinessProbe"]!.ToJsonString());
    }

    [Fact]
    public void Find_EveryBuiltInKind_HasItsMessage()
    {
        var missing = BuiltInResources.Create().Where(def => ProtobufKinds.Find(def.ApiVersion, def.Kind) is null).Select(def => def.ApiVersion + " " + def.Kind);

        Assert.Empty(missing);
    }

    [Fact]
    public void WriteFields_SchemaUnions_WritesWhatGoWritesForEach()
    {
        var props = new JSONSchemaProps
        {
            Schema = "http://json-schema.org/draft-04/schema#",
            Items = new JSONSchemaPropsOrArray { JSONSchemas = { new JSONSchemaProps { Type = "string" } } },
            AdditionalProperties = new JSONSchemaPropsOrBool { Allows = false },
            AdditionalItems = new JSONSchemaPropsOrBool { Allows = true },
            Dependencies = { ["a"] = new JSONSchemaPropsOrStringArray { Property = { "b" } } },
            XKubernetesPreserveUnknownFields = false,
        };

        Assert.Equal(
            """{"$schema":"http://json-schema.org/draft-04/schema#","items":[{"type":"string"}],"additionalProperties":false,"dependencies":{"a":["b"]},"additionalItems":true,"x-kubernetes-preserve-unknown-fields":false}""",
            Json(props).ToJsonString());
    }
}
