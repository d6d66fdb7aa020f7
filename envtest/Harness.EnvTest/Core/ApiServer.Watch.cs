using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Harness.EnvTest.Errors;
using Harness.EnvTest.Requests;
using Harness.EnvTest.Resources;
using Harness.EnvTest.Routing;
using Harness.EnvTest.Serialization;
using Harness.EnvTest.Serialization.Protobuf;
using Harness.EnvTest.Storage;
using Harness.EnvTest.Tables;
using Harness.EnvTest.Watch;

namespace Harness.EnvTest.Core;

/// <summary>Watches: history replay or synthetic ADDED events, then live events, bookmarks and timeouts.</summary>
public sealed partial class ApiServer
{
    /// <summary>
    /// Per CRD: its resource's storage key and the revision at which it began to be served. kube-apiserver's watch cache of a
    /// custom resource starts then, so a watch from an older revision answers 410 even though etcd still holds that history.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string StorageKey, long Revision)> watchCacheStarts = new(StringComparer.Ordinal);
    private StreamingApiResponse Watch(ResourceDefinition def, Route route, ApiRequest request)
    {
        var query = request.Query;
        var (media, asTable) = AcceptNegotiation.ForWatch(request.Accept, ServesProtobuf(def)) ?? throw ApiErrors.NotAcceptableStream();
        ListOptionsValidation.Validate(query, watch: true);
        TableIncludeObject? table = asTable ? ParseIncludeObject(query) : null;
        var predicate = ParseSelectors(def, query);
        if (route.Name is { } name)
        {
            var byName = predicate;
            predicate = obj => obj.Name == name && byName(obj);
        }

        long? from = null;
        if (query.TryGetValue("resourceVersion", out var rvText) && rvText.Length > 0 && rvText != "0")
        {
            if (!long.TryParse(rvText, CultureInfo.InvariantCulture, out var rv) || rv < 0)
            {
                throw ApiErrors.BadRequest($"invalid resource version: strconv.ParseUint: parsing {FieldErrorFactory.Quote(rvText)}: invalid syntax");
            }

            from = rv;
        }

        var timeout = options.DefaultWatchTimeout;
        if (query.TryGetValue("timeoutSeconds", out var timeoutText) && long.TryParse(timeoutText, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            timeout = TimeSpan.FromSeconds(seconds);
        }

        var bookmarks = IsTrue(query, "allowWatchBookmarks");

        // A watch-list starts from the state now (not older than any resourceVersion asked); without initial events, from now.
        var sendInitialEvents = ListOptionsValidation.SendInitialEvents(query);
        from = sendInitialEvents switch
        {
            true => null,
            false => from ?? store.Revision,
            null => from,
        };
        Watcher watcher;
        try
        {
            if (from is { } start && WatchCacheStart(def) is { } cacheStart && start < cacheStart)
            {
                throw ApiErrors.Expired($"too old resource version: {start} ({cacheStart})");
            }

            watcher = store.Watch(def.StorageKey, from, new WatchFilter(route.Namespace, predicate), endInitialEvents: sendInitialEvents == true && bookmarks);
        }
        catch (ApiStatusException e) when (e.Code == 410)
        {
            return Stream(media, ErrorFrames(e));
        }

        return Stream(media, Frames(def, watcher, timeout, bookmarks, table, CancellationToken.None));
    }

    private static StreamingApiResponse Stream(ResponseMedia media, IAsyncEnumerable<ReadOnlyMemory<byte>> jsonFrames) => media == ResponseMedia.Protobuf
        ? new StreamingApiResponse(ProtobufAnswer.StreamMediaType, ProtobufAnswer.WatchFrames(jsonFrames))
        : new StreamingApiResponse("application/json", jsonFrames);

    private long? WatchCacheStart(ResourceDefinition def)
        => def.IsCustom && watchCacheStarts.Values.Where(w => w.StorageKey == def.StorageKey).Select(w => (long?)w.Revision).FirstOrDefault() is { } start ? start : null;

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> ErrorFrames(ApiStatusException error)
    {
        await Task.CompletedTask;
        yield return StatusWriter.ErrorEvent(error);
    }

    private async IAsyncEnumerable<ReadOnlyMemory<byte>> Frames(
        ResourceDefinition def, Watcher watcher, TimeSpan timeout, bool bookmarks, TableIncludeObject? table, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token, stopping.Token);
        using var bookmarkTimer = bookmarks
            ? time.CreateTimer(_ => store.Bookmark(watcher), null, options.BookmarkInterval, options.BookmarkInterval)
            : null;
        var columnsSent = false;
        try
        {
            while (await WaitForEventAsync(watcher, linked.Token))
            {
                while (watcher.Reader.TryRead(out var message))
                {
                    if (table is { } include && message.Object is { } obj)
                    {
                        yield return TableFrame(def, message.Type, obj, include, withColumns: !columnsSent);
                        columnsSent = true;
                    }
                    else
                    {
                        yield return Frame(def, message);
                    }
                }
            }
        }
        finally
        {
            store.StopWatch(def.StorageKey, watcher);
        }
    }

    private static async ValueTask<bool> WaitForEventAsync(Watcher watcher, CancellationToken cancellationToken)
    {
        try
        {
            return await watcher.Reader.WaitToReadAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private byte[] Frame(ResourceDefinition def, WatchMessage message)
    {
        if (message.Object is null)
        {
            return BookmarkFrame(def, message.Revision, message.EndsInitialEvents);
        }

        return message.Shared is { } shared
            ? shared.GetOrEncode(message.Type, def.ApiVersion, (Server: this, Def: def, message.Type, message.Object), static s => s.Server.ObjectFrame(s.Def, s.Type, s.Object))
            : ObjectFrame(def, message.Type, message.Object);
    }

    private byte[] ObjectFrame(ResourceDefinition def, StoreEventType type, StoredObject obj)
    {
        var prefix = type switch
        {
            StoreEventType.Added => """{"type":"ADDED","object":"""u8,
            StoreEventType.Modified => """{"type":"MODIFIED","object":"""u8,
            _ => """{"type":"DELETED","object":"""u8,
        };
        var json = Served(def, obj);
        var frame = new byte[prefix.Length + json.Length + 2];
        prefix.CopyTo(frame);
        json.CopyTo(frame.AsSpan(prefix.Length));
        frame[^2] = (byte)'}';
        frame[^1] = (byte)'\n';
        return frame;
    }

    /// <summary>
    /// A BOOKMARK at <paramref name="revision"/>: the kind's zero object with only its resourceVersion set; the one ending a
    /// watch-list's initial events carries kube's <c>k8s.io/initial-events-end</c> annotation and the list's blueprint (the
    /// empty list, JSON-encoded, in base64).
    /// </summary>
    private static byte[] BookmarkFrame(ResourceDefinition def, long revision, bool endsInitialEvents)
    {
        var buffer = new ArrayBufferWriter<byte>(192);
        using (var writer = new Utf8JsonWriter(buffer, Serialization.JsonOutput.Writer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "BOOKMARK");
            writer.WriteStartObject("object");
            if (def.IsCustom)
            {
                // an unstructured object: a Go map, with no creationTimestamp
                writer.WriteString("apiVersion", def.ApiVersion);
                writer.WriteString("kind", def.Kind);
                writer.WriteStartObject("metadata");
                WriteInitialEventsEnd(writer, def, endsInitialEvents);
                writer.WriteString("resourceVersion", revision.ToString(CultureInfo.InvariantCulture));
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteString("kind", def.Kind);
                writer.WriteString("apiVersion", def.ApiVersion);
                writer.WriteStartObject("metadata");
                writer.WriteString("resourceVersion", revision.ToString(CultureInfo.InvariantCulture));
                writer.WriteNull("creationTimestamp");
                WriteInitialEventsEnd(writer, def, endsInitialEvents);
                writer.WriteEndObject();
                Serialization.GoStructs.GoZeroObjects.WriteTail(writer, def.Model);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteInitialEventsEnd(Utf8JsonWriter writer, ResourceDefinition def, bool endsInitialEvents)
    {
        if (!endsInitialEvents)
        {
            return;
        }

        var blueprint = def.IsCustom
            ? $$$"""{"apiVersion":"{{{def.ApiVersion}}}","items":[],"kind":"{{{def.ListKind}}}"}"""
            : $$$"""{"kind":"{{{def.ListKind}}}","apiVersion":"{{{def.ApiVersion}}}","metadata":{},"items":null}""";
        writer.WriteStartObject("annotations");
        writer.WriteString("k8s.io/initial-events-end", "true");
        writer.WriteString("kubernetes.io/initial-events-list-blueprint", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(blueprint + "\n")));
        writer.WriteEndObject();
    }
}
