using System.Globalization;

namespace Harness.EnvTest.Serialization;

/// <summary>
/// kube's content negotiation over an <c>Accept</c> header: entries by quality (highest first, <c>q=0</c> never), a
/// wildcard after a named type of the same quality, otherwise in the order given; the first entry naming an encoding
/// on offer wins. <c>as=Table;g=meta.k8s.io;v=v1</c> (or <c>v1beta1</c>) asks for a Table, which kube does not write
/// in protobuf; an entry asking for any other transformation is passed over.
/// </summary>
internal static class AcceptNegotiation
{
    private const string Json = "application/json";
    private const string Yaml = "application/yaml";

    /// <summary>The media type an answer in <paramref name="media"/> carries.</summary>
    public static string ContentType(this ResponseMedia media) => media switch
    {
        ResponseMedia.Yaml => Yaml,
        ResponseMedia.Protobuf => Protobuf.ProtobufBody.MediaType,
        _ => Json,
    };

    /// <summary>The encoding of an object or list answer, and whether a Table was asked; null when nothing on offer is acceptable.</summary>
    public static (ResponseMedia Media, bool Table)? ForObjects(string? accept, bool protobuf) => Negotiate(accept, protobuf, stream: false);

    /// <summary>The encoding of a watch stream (JSON or protobuf only), and whether a Table was asked; null when neither is acceptable.</summary>
    public static (ResponseMedia Media, bool Table)? ForWatch(string? accept, bool protobuf) => Negotiate(accept, protobuf, stream: true);

    /// <summary>The encoding of an error's Status: the first acceptable one asking for no transformation (<c>as</c>), JSON when none is.</summary>
    public static ResponseMedia ForStatus(string? accept, bool protobuf) =>
        Ranked(accept).Where(e => e.Parameter("as") is null).Select(e => Offered(e, protobuf, stream: false)).FirstOrDefault(m => m is not null) ?? ResponseMedia.Json;

    private static (ResponseMedia Media, bool Table)? Negotiate(string? accept, bool protobuf, bool stream)
    {
        foreach (var entry in Ranked(accept))
        {
            if (Offered(entry, protobuf, stream) is not { } media)
            {
                continue;
            }

            switch (entry.Parameter("as"))
            {
                case null:
                    return (media, false);
                case "Table" when media != ResponseMedia.Protobuf && entry.Parameter("g") == "meta.k8s.io" && entry.Parameter("v") is "v1" or "v1beta1":
                    return (media, true);
            }
        }

        return null;
    }

    private static ResponseMedia? Offered(MediaType entry, bool protobuf, bool stream) => entry.Type switch
    {
        Json or "*/*" or "application/*" => ResponseMedia.Json,
        Yaml when !stream => ResponseMedia.Yaml,
        Protobuf.ProtobufBody.MediaType when protobuf => ResponseMedia.Protobuf,
        _ => null,
    };

    private static IEnumerable<MediaType> Ranked(string? accept) =>
        MediaType.ParseAccept(accept)
            .Select(e => (Entry: e, Quality: Quality(e)))
            .Where(e => e.Quality > 0)
            .OrderByDescending(e => e.Quality)
            .ThenBy(e => e.Entry.Type.Contains('*', StringComparison.Ordinal))
            .Select(e => e.Entry);

    private static double Quality(MediaType entry) =>
        entry.Parameter("q") is { } q ? double.TryParse(q, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0 : 1;
}
