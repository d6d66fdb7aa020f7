namespace Harness.Controller.Tests.Admission;

public sealed class SnapshotAdmissionInProcessTests(InProcessAdmissionFixture fixture)
    : SnapshotAdmissionTests<InProcessAdmissionFixture>(fixture), IClassFixture<InProcessAdmissionFixture>;
