{{/* The chart's name. */}}
{{- define "cco.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: resources are named after it. */}}
{{- define "cco.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "cco.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of every resource. */}}
{{- define "cco.labels" -}}
helm.sh/chart: {{ include "cco.chart" . }}
app.kubernetes.io/name: {{ include "cco.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* The operator pods' selector. */}}
{{- define "cco.selectorLabels" -}}
app.kubernetes.io/name: {{ include "cco.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{/* The Kafka Connect workers' selector. */}}
{{- define "cco.connectSelectorLabels" -}}
app.kubernetes.io/name: {{ include "cco.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: kafka-connect
{{- end }}

{{- define "cco.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "cco.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Leader election is on with more than one replica, or when asked for. */}}
{{- define "cco.leaderElection" -}}
{{- if or (gt (int .Values.replicas) 1) .Values.leaderElection.enabled }}true{{- end }}
{{- end }}

{{- define "cco.leaseName" -}}
{{- default (include "cco.fullname" .) .Values.leaderElection.leaseName }}
{{- end }}

{{/*
The operator's rules in a namespace it watches (or cluster-wide), derived from what it does:
- its two kinds: informers (get, list, watch), finalizers and annotations (patch, update),
  status (patch, update); finalizers (update: where the OwnerReferencesPermissionEnforcement
  admission plugin asks for it);
- Secrets: an informer only (get, list, watch), never written;
- Events: created, each under a name of its own (KubernetesEventRecorder), never updated;
- pods (list, get) and pods/log (get): the pod-log error source of in-cluster Kafka Connect.
*/}}
{{- define "cco.operatorRules" -}}
- apiGroups: ["customconnectors.io"]
  resources: ["customconnectors", "connectorplugins"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["customconnectors.io"]
  resources: ["customconnectors/status", "connectorplugins/status"]
  verbs: ["patch", "update"]
- apiGroups: ["customconnectors.io"]
  resources: ["customconnectors/finalizers", "connectorplugins/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list"]
- apiGroups: [""]
  resources: ["pods/log"]
  verbs: ["get"]
{{- end }}

{{- define "cco.operatorImage" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
