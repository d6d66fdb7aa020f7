using System.Buffers;
using System.Text.Json;

namespace Harness.EnvTest.Errors;

/// <summary>Writes <c>metav1.Status</c> JSON in kube-apiserver's field order.</summary>
internal static class StatusWriter
{
    public static byte[] Failure(ApiStatusException error)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Serialization.JsonOutput.Writer))
        {
            Write(writer, error);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A watch frame: an <c>ERROR</c> event carrying the failure's Status, and its newline.</summary>
    public static ReadOnlyMemory<byte> ErrorEvent(ApiStatusException error)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Serialization.JsonOutput.Writer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "ERROR");
            writer.WritePropertyName("object");
            Write(writer, error);
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenMemory;
    }

    public static void Write(Utf8JsonWriter writer, ApiStatusException error)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", "Status");
        writer.WriteString("apiVersion", "v1");
        writer.WriteStartObject("metadata");
        writer.WriteEndObject();
        writer.WriteString("status", "Failure");
        writer.WriteString("message", error.Message);
        if (error.Reason.Length > 0)
        {
            writer.WriteString("reason", error.Reason);
        }

        if (error.Details is { } details)
        {
            writer.WriteStartObject("details");
            if (!string.IsNullOrEmpty(details.Name))
            {
                writer.WriteString("name", details.Name);
            }

            if (!string.IsNullOrEmpty(details.Group))
            {
                writer.WriteString("group", details.Group);
            }

            if (!string.IsNullOrEmpty(details.Kind))
            {
                writer.WriteString("kind", details.Kind);
            }

            if (details.Causes is { Count: > 0 } causes)
            {
                writer.WriteStartArray("causes");
                foreach (var cause in causes)
                {
                    writer.WriteStartObject();
                    writer.WriteString("reason", cause.Reason);
                    writer.WriteString("message", cause.Message);
                    if (cause.Field is not null)
                    {
                        writer.WriteString("field", cause.Field);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            if (details.RetryAfterSeconds is { } retry)
            {
                writer.WriteNumber("retryAfterSeconds", retry);
            }

            writer.WriteEndObject();
        }

        writer.WriteNumber("code", error.Code);
        writer.WriteEndObject();
    }

    public static byte[] Success(string? name, string? group, string? kind, string? uid)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Serialization.JsonOutput.Writer))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", "Status");
            writer.WriteString("apiVersion", "v1");
            writer.WriteStartObject("metadata");
            writer.WriteEndObject();
            writer.WriteString("status", "Success");
            writer.WriteStartObject("details");
            if (name is not null)
            {
                writer.WriteString("name", name);
            }

            if (!string.IsNullOrEmpty(group))
            {
                writer.WriteString("group", group);
            }

            if (kind is not null)
            {
                writer.WriteString("kind", kind);
            }

            if (uid is not null)
            {
                writer.WriteString("uid", uid);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
