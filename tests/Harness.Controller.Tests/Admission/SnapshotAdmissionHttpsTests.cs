namespace Harness.Controller.Tests.Admission;

public sealed class SnapshotAdmissionHttpsTests(EmbeddedHttpsAdmissionFixture fixture)
    : SnapshotAdmissionTests<EmbeddedHttpsAdmissionFixture>(fixture), IClassFixture<EmbeddedHttpsAdmissionFixture>;
