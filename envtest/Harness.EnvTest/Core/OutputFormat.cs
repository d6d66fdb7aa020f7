using Harness.EnvTest.Serialization;

namespace Harness.EnvTest.Core;

/// <summary>How a read is answered: the objects or a <c>meta.k8s.io/v1</c> Table, in the negotiated encoding.</summary>
internal readonly record struct OutputFormat(ResponseMedia Media, bool Table);
