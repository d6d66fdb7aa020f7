using Harness.EnvTest.Tests.Backends;

namespace Harness.EnvTest.Tests.Serialization.GoStructs;

public sealed partial class BuiltInObjectEncodingTests
{
    /// <summary>Each kind's body as a client might write it, and what kube-apiserver 1.32 answers for it (normalised).</summary>
    private static class Cases
    {
        private static readonly (string Collection, string Body, string Expected)[] All =
        [
            ("/api/v1/namespaces/{ns}/configmaps",
                """{"data":{"z":"1","a":"2"},"metadata":{"labels":{"z":"1","a":"2"},"name":"cm","annotations":{"y":"1","b":"2"}},"kind":"ConfigMap","apiVersion":"v1","immutable":false}""",
                """
                {"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"cm","namespace":"{ns}","uid":"{uid}","resourceVersion":"{rv}","creationTimestamp":"{time}","labels":{"a":"2","z":"1"},"annotations":{"b":"2","y":"1"},"managedFields":[{"manager":"kubernetes-csharp","operation":"Update","apiVersion":"v1","time":"{time}","fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{},"f:a":{},"f:z":{}},"f:immutable":{},"f:metadata":{"f:annotations":{".":{},"f:b":{},"f:y":{}},"f:labels":{".":{},"f:a":{},"f:z":{}}}}}]},"immutable":false,"data":{"a":"2","z":"1"}}
                """),
            ("/api/v1/namespaces/{ns}/secrets",
                """{"type":"Opaque","data":{"z":"MQ==","a":"Mg=="},"metadata":{"name":"s"},"apiVersion":"v1","kind":"Secret"}""",
                """
                {"kind":"Secret","apiVersion":"v1","metadata":{"name":"s","namespace":"{ns}","uid":"{uid}","resourceVersion":"{rv}","creationTimestamp":"{time}","managedFields":[{"manager":"kubernetes-csharp","operation":"Update","apiVersion":"v1","time":"{time}","fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{},"f:a":{},"f:z":{}},"f:type":{}}}]},"data":{"a":"Mg==","z":"MQ=="},"type":"Opaque"}
                """),
            ("/api/v1/namespaces/{ns}/configmaps",
                """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"empty-binary"},"data":{"a":"1"},"binaryData":{}}""",
                """
                {"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"empty-binary","namespace":"{ns}","uid":"{uid}","resourceVersion":"{rv}","creationTimestamp":"{time}","managedFields":[{"manager":"kubernetes-csharp","operation":"Update","apiVersion":"v1","time":"{time}","fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{},"f:a":{}}}}]},"data":{"a":"1"}}
                """),
            ("/api/v1/namespaces/{ns}/secrets",
                """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"string-data"},"data":{"a":"MQ=="},"stringData":{"b":"2"}}""",
                """
                {"kind":"Secret","apiVersion":"v1","metadata":{"name":"string-data","namespace":"{ns}","uid":"{uid}","resourceVersion":"{rv}","creationTimestamp":"{time}","managedFields":[{"manager":"kubernetes-csharp","operation":"Update","apiVersion":"v1","time":"{time}","fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{},"f:a":{},"f:b":{}},"f:type":{}}}]},"data":{"a":"MQ==","b":"Mg=="},"type":"Opaque"}
                """),
            ("/apis/events.k8s.io/v1/namespaces/{ns}/events",
                """{"series":null,"deprecatedCount":0,"type":"Normal","related":{},"note":"","metadata":{"name":"ev"},"regarding":{"name":"p","kind":"Pod","namespace":"{ns}"},"reason":"Created","action":"Create","reportingInstance":"c-0","reportingController":"example.com/c","eventTime":"2026-01-02T03:04:05.123000Z","deprecatedSource":null,"kind":"Event","apiVersion":"events.k8s.io/v1"}""",
                """
                {"kind":"Event","apiVersion":"events.k8s.io/v1","metadata":{"name":"ev","namespace":"{ns}","uid":"{uid}","resourceVersion":"{rv}","creationTimestamp":"{time}","managedFields":[{"manager":"kubernetes-csharp","operation":"Update","apiVersion":"events.k8s.io/v1","time":"{time}","fieldsType":"FieldsV1","fieldsV1":{"f:action":{},"f:eventTime":{},"f:reason":{},"f:regarding":{},"f:related":{},"f:reportingController":{},"f:reportingInstance":{},"f:type":{}}}]},"eventTime":"2026-01-02T03:04:05.123000Z","reportingController":"example.com/c","reportingInstance":"c-0","action":"Create","reason":"Created","regarding":{"kind":"Pod","namespace":"{ns}","name":"p"},"related":{},"type":"Normal","deprecatedSource":{},"deprecatedFirstTimestamp":null,"deprecatedLastTimestamp":null}
                """),
            ("/api/v1/namespaces/{ns}/events",
                """{"related":{},"count":0,"reportingComponent":"","type":"Normal","reason":"R","message":"","source":{},"metadata":{"name":"core"},"involvedObject":{"namespace":"{ns}","name":"p","kind":"Pod"},"kind":"Event","apiVersion":"v1"}""",
                """
                {"kind":"Event","apiVersion":"v1","metadata":{"name":"core","namespace":"{ns}","uid":"{uid}","resourceVersion":"{rv}","creationTimestamp":"{time}","managedFields":[{"manager":"kubernetes-csharp","operation":"Update","apiVersion":"v1","time":"{time}","fieldsType":"FieldsV1","fieldsV1":{"f:involvedObject":{},"f:reason":{},"f:related":{},"f:type":{}}}]},"involvedObject":{"kind":"Pod","namespace":"{ns}","name":"p"},"reason":"R","source":{},"firstTimestamp":null,"lastTimestamp":null,"type":"Normal","eventTime":null,"related":{},"reportingComponent":"","reportingInstance":""}
                """),
            ("/api/v1/namespaces/{ns}/persistentvolumeclaims",
                """{"spec":{"volumeMode":"Filesystem","resources":{"requests":{"storage":"1Gi"}},"storageClassName":"","accessModes":["ReadWriteOnce"]},"metadata":{"name":"c"},"kind":"PersistentVolumeClaim","apiVersion":"v1"}""",
                """
                {"kind":"PersistentVolumeClaim","apiVersion":"v1","metadata":{"name":"c","namespace":"{ns}","uid":"{uid}","resourceVersion":"{rv}","creationTimestamp":"{time}","managedFields":[{"manager":"kubernetes-csharp","operation":"Update","apiVersion":"v1","time":"{time}","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:accessModes":{},"f:resources":{"f:requests":{".":{},"f:storage":{}}},"f:storageClassName":{},"f:volumeMode":{}}}}]},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}},"storageClassName":"","volumeMode":"Filesystem"},"status":{"phase":"Pending"}}
                """),
            ("/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations",
                """{"metadata":{"name":"vwc-{ns}"},"webhooks":[{"sideEffects":"None","admissionReviewVersions":["v1"],"rules":[{"resources":["widgets"],"operations":["CREATE"],"apiVersions":["v1"],"apiGroups":["probe.example.com"]}],"clientConfig":{"service":{"name":"w","namespace":"{ns}"}},"name":"w.probe.harness.test"}],"kind":"ValidatingWebhookConfiguration","apiVersion":"admissionregistration.k8s.io/v1"}""",
                """
                {"kind":"ValidatingWebhookConfiguration","apiVersion":"admissionregistration.k8s.io/v1","metadata":{"name":"vwc-{ns}","uid":"{uid}","resourceVersion":"{rv}","generation":1,"creationTimestamp":"{time}","managedFields":[{"manager":"kubernetes-csharp","operation":"Update","apiVersion":"admissionregistration.k8s.io/v1","time":"{time}","fieldsType":"FieldsV1","fieldsV1":{"f:webhooks":{".":{},"k:{\"name\":\"w.probe.harness.test\"}":{".":{},"f:admissionReviewVersions":{},"f:clientConfig":{".":{},"f:service":{".":{},"f:name":{},"f:namespace":{},"f:port":{}}},"f:failurePolicy":{},"f:matchPolicy":{},"f:name":{},"f:namespaceSelector":{},"f:objectSelector":{},"f:rules":{},"f:sideEffects":{},"f:timeoutSeconds":{}}}}}]},"webhooks":[{"name":"w.probe.harness.test","clientConfig":{"service":{"namespace":"{ns}","name":"w","port":443}},"rules":[{"operations":["CREATE"],"apiGroups":["probe.example.com"],"apiVersions":["v1"],"resources":["widgets"],"scope":"*"}],"failurePolicy":"Fail","matchPolicy":"Equivalent","namespaceSelector":{},"objectSelector":{},"sideEffects":"None","timeoutSeconds":10,"admissionReviewVersions":["v1"]}]}
                """),
            ("/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations",
                """{"metadata":{"name":"mwc-{ns}"},"webhooks":[{"matchConditions":[{"expression":"true","name":"c"}],"timeoutSeconds":5,"sideEffects":"None","admissionReviewVersions":["v1"],"rules":[{"scope":"Namespaced","resources":["widgets"],"operations":["CREATE"],"apiVersions":["v1"],"apiGroups":["probe.example.com"]}],"clientConfig":{"url":"https://w.example.com/m"},"name":"m.probe.harness.test"}],"kind":"MutatingWebhookConfiguration","apiVersion":"admissionregistration.k8s.io/v1"}""",
                """
                {"kind":"MutatingWebhookConfiguration","apiVersion":"admissionregistration.k8s.io/v1","metadata":{"name":"mwc-{ns}","uid":"{uid}","resourceVersion":"{rv}","generation":1,"creationTimestamp":"{time}","managedFields":[{"manager":"kubernetes-csharp","operation":"Update","apiVersion":"admissionregistration.k8s.io/v1","time":"{time}","fieldsType":"FieldsV1","fieldsV1":{"f:webhooks":{".":{},"k:{\"name\":\"m.probe.harness.test\"}":{".":{},"f:admissionReviewVersions":{},"f:clientConfig":{".":{},"f:url":{}},"f:failurePolicy":{},"f:matchConditions":{".":{},"k:{\"name\":\"c\"}":{".":{},"f:expression":{},"f:name":{}}},"f:matchPolicy":{},"f:name":{},"f:namespaceSelector":{},"f:objectSelector":{},"f:reinvocationPolicy":{},"f:rules":{},"f:sideEffects":{},"f:timeoutSeconds":{}}}}}]},"webhooks":[{"name":"m.probe.harness.test","clientConfig":{"url":"https://w.example.com/m"},"rules":[{"operations":["CREATE"],"apiGroups":["probe.example.com"],"apiVersions":["v1"],"resources":["widgets"],"scope":"Namespaced"}],"failurePolicy":"Fail","matchPolicy":"Equivalent","namespaceSelector":{},"objectSelector":{},"sideEffects":"None","timeoutSeconds":5,"admissionReviewVersions":["v1"],"reinvocationPolicy":"Never","matchConditions":[{"name":"c","expression":"true"}]}]}
                """),
            ("/api/v1/namespaces/{ns}/persistentvolumeclaims",
                """{"metadata":{"name":"atomic"},"spec":{"dataSourceRef":{"name":"x","kind":"PersistentVolumeClaim"},"dataSource":{"name":"x","kind":"PersistentVolumeClaim"},"selector":{"matchLabels":{"a":"b"}},"resources":{"requests":{"storage":"1Gi"}},"accessModes":["ReadWriteOnce"],"volumeMode":"Filesystem"},"kind":"PersistentVolumeClaim","apiVersion":"v1"}""",
                """
                {"kind":"PersistentVolumeClaim","apiVersion":"v1","metadata":{"name":"atomic","namespace":"{ns}","uid":"{uid}","resourceVersion":"{rv}","creationTimestamp":"{time}","managedFields":[{"manager":"kubernetes-csharp","operation":"Update","apiVersion":"v1","time":"{time}","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:accessModes":{},"f:dataSource":{},"f:dataSourceRef":{".":{},"f:apiGroup":{},"f:kind":{},"f:name":{}},"f:resources":{"f:requests":{".":{},"f:storage":{}}},"f:selector":{},"f:volumeMode":{}}}}]},"spec":{"accessModes":["ReadWriteOnce"],"selector":{"matchLabels":{"a":"b"}},"resources":{"requests":{"storage":"1Gi"}},"volumeMode":"Filesystem","dataSource":{"apiGroup":null,"kind":"PersistentVolumeClaim","name":"x"},"dataSourceRef":{"apiGroup":null,"kind":"PersistentVolumeClaim","name":"x"}},"status":{"phase":"Pending"}}
                """),
            ("/apis/coordination.k8s.io/v1/namespaces/{ns}/leases",
                """{"spec":{"renewTime":"2024-01-01T00:00:00.000000Z","leaseDurationSeconds":15,"holderIdentity":"h"},"metadata":{"name":"l"},"kind":"Lease","apiVersion":"coordination.k8s.io/v1"}""",
                """
                {"kind":"Lease","apiVersion":"coordination.k8s.io/v1","metadata":{"name":"l","namespace":"{ns}","uid":"{uid}","resourceVersion":"{rv}","creationTimestamp":"{time}","managedFields":[{"manager":"kubernetes-csharp","operation":"Update","apiVersion":"coordination.k8s.io/v1","time":"{time}","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:holderIdentity":{},"f:leaseDurationSeconds":{},"f:renewTime":{}}}}]},"spec":{"holderIdentity":"h","leaseDurationSeconds":15,"renewTime":"2024-01-01T00:00:00.000000Z"}}
                """),
            ("/apis/storage.k8s.io/v1/storageclasses",
                """{"volumeBindingMode":"WaitForFirstConsumer","reclaimPolicy":"Delete","provisioner":"p.example.com","parameters":{"z":"1","a":"2"},"metadata":{"name":"sc-{ns}"},"kind":"StorageClass","apiVersion":"storage.k8s.io/v1","allowVolumeExpansion":true}""",
                """
                {"kind":"StorageClass","apiVersion":"storage.k8s.io/v1","metadata":{"name":"sc-{ns}","uid":"{uid}","resourceVersion":"{rv}","creationTimestamp":"{time}","managedFields":[{"manager":"kubernetes-csharp","operation":"Update","apiVersion":"storage.k8s.io/v1","time":"{time}","fieldsType":"FieldsV1","fieldsV1":{"f:allowVolumeExpansion":{},"f:parameters":{".":{},"f:a":{},"f:z":{}},"f:provisioner":{},"f:reclaimPolicy":{},"f:volumeBindingMode":{}}}]},"provisioner":"p.example.com","parameters":{"a":"2","z":"1"},"reclaimPolicy":"Delete","allowVolumeExpansion":true,"volumeBindingMode":"WaitForFirstConsumer"}
                """),
            ("/apis/apps/v1/namespaces/{ns}/controllerrevisions",
                """{"revision":2,"data":{"z":1,"a":2},"metadata":{"name":"r"},"kind":"ControllerRevision","apiVersion":"apps/v1"}""",
                """
                {"kind":"ControllerRevision","apiVersion":"apps/v1","metadata":{"name":"r","namespace":"{ns}","uid":"{uid}","resourceVersion":"{rv}","creationTimestamp":"{time}","managedFields":[{"manager":"kubernetes-csharp","operation":"Update","apiVersion":"apps/v1","time":"{time}","fieldsType":"FieldsV1","fieldsV1":{"f:data":{},"f:revision":{}}}]},"data":{"z":1,"a":2},"revision":2}
                """),
        ];

        public static TheoryData<Backend, string, string, string> Data()
        {
            var data = new TheoryData<Backend, string, string, string>();
            foreach (var backend in Enum.GetValues<Backend>())
            {
                foreach (var (collection, body, expected) in All)
                {
                    data.Add(backend, collection, body, expected);
                }
            }

            return data;
        }
    }
}
