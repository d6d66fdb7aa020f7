namespace Harness.EnvTest.Core;

/// <summary>How a read is answered: the objects, or a <c>meta.k8s.io/v1</c> Table.</summary>
internal enum OutputFormat
{
    Json,
    Table,
}
