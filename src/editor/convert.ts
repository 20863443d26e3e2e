/** Core ranges and findings → editor objects. */
import * as vscode from 'vscode';
import type { Finding, Range } from '../core/analysis';
import { diagnosticDocsUrl, problemsMessage } from '../core/diagnosticDocs';

export function toRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

export function toDiagnostic(finding: Finding): vscode.Diagnostic {
  const severity = finding.severity === 'error' ? vscode.DiagnosticSeverity.Error
    : finding.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
  const diagnostic = new vscode.Diagnostic(toRange(finding.range), problemsMessage(finding.message), severity);
  // The code links to its documentation, as ESLint's rule names do.
  diagnostic.code = { value: finding.code, target: vscode.Uri.parse(diagnosticDocsUrl(finding.code)) };
  diagnostic.source = 'prompt-cache';
  return diagnostic;
}
