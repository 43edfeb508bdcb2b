// Keepsync client sketch for Dart/Flutter (package:http, package:sqflite). It is a sketch: there is no Dart SDK on the
// machines this project is built and tested on, so unlike the JavaScript and Python clients it is not run by the
// tests. It follows the same loop; see ../js/keepsync.js for the tested version of each step.
import 'dart:convert';
import 'dart:io';

import 'package:crypto/crypto.dart';
import 'package:http/http.dart' as http;
import 'package:sqflite/sqflite.dart';
import 'package:uuid/uuid.dart';

class RetryableError implements Exception {
  RetryableError(this.message);
  final String message;
}

class KeepsyncClient {
  KeepsyncClient(this.baseUrl, this.token, this.clientId, this.db);

  final String baseUrl;
  final String token; // an access token or a device API key (ks_…)
  final String clientId;
  final Database db; // tables records, queue, meta as in ../js/keepsync.js

  Map<String, String> get _headers => {'Authorization': 'Bearer $token', 'X-Client-Id': clientId};

  /// Writes locally and queues the change under a fresh mutation id, in one transaction.
  Future<void> put(String type, String id, Map<String, Object?> data) async {
    // Dart strings are UTF-16: never cut one in the middle of an emoji (a lone surrogate is rejected by the server).
    final at = DateTime.now().toUtc().toIso8601String();
    await db.transaction((txn) async {
      await txn.insert('records', {'entity_type': type, 'entity_id': id, 'data': jsonEncode(data), 'deleted': 0,
          'last_modified_at': at, 'client_id': clientId}, conflictAlgorithm: ConflictAlgorithm.replace);
      await txn.insert('queue', {'id': const Uuid().v4(), 'entity_type': type, 'entity_id': id, 'action': 'update',
          'data': jsonEncode(data), 'last_modified_at': at});
    });
  }

  /// Sends the queue in order; answered changes leave it. No answer, 5xx or 503: RetryableError, same ids next time.
  Future<void> push() async {
    final queued = await db.query('queue', orderBy: 'seq', limit: 500);
    if (queued.isEmpty) return;
    final body = jsonEncode({'clientId': clientId, 'changes': [
      for (final q in queued) {'id': q['id'], 'entityType': q['entity_type'], 'entityId': q['entity_id'],
        'action': q['action'], 'data': q['data'] == null ? null : jsonDecode(q['data'] as String),
        'lastModifiedAt': q['last_modified_at']}
    ]});
    final http.Response response;
    try {
      response = await http.post(Uri.parse('$baseUrl/api/v1/sync/push'),
          headers: {..._headers, 'Content-Type': 'application/json'}, body: body);
    } on IOException catch (e) {
      throw RetryableError('no answer: $e');
    }
    if (response.statusCode >= 500) throw RetryableError('push answered ${response.statusCode}');
    final answer = jsonDecode(response.body) as Map<String, Object?>;
    await db.transaction((txn) async {
      for (final result in (answer['results'] as List).cast<Map<String, Object?>>()) {
        if (result['current'] != null) await _applyRemote(txn, result['current'] as Map<String, Object?>);
        await txn.delete('queue', where: 'id = ?', whereArgs: [result['id']]);
      }
    });
  }

  /// Pulls every page after the cursor with last-write-wins; on 409 drops the cursor and pulls from the start.
  Future<void> pull() async {
    var cursor = (await db.query('meta', where: 'key = ?', whereArgs: ['cursor'])).firstOrNull?['value'] as String?;
    while (true) {
      final query = {'limit': '500', 'clientId': clientId, if (cursor != null) 'since': cursor};
      final response = await http.get(Uri.parse('$baseUrl/api/v1/sync/pull').replace(queryParameters: query),
          headers: _headers);
      if (response.statusCode == 409) {
        // must-refetch: pull everything again, then remove local records the server no longer has (see keepsync.js).
        await db.delete('meta', where: 'key = ?', whereArgs: ['cursor']);
        cursor = null;
        continue;
      }
      if (response.statusCode >= 500) throw RetryableError('pull answered ${response.statusCode}');
      final page = jsonDecode(response.body) as Map<String, Object?>;
      await db.transaction((txn) async {
        for (final change in (page['changes'] as List).cast<Map<String, Object?>>()) {
          await _applyRemote(txn, change);
        }
        await txn.insert('meta', {'key': 'cursor', 'value': page['cursor']},
            conflictAlgorithm: ConflictAlgorithm.replace);
      });
      cursor = page['cursor'] as String;
      if (page['hasMore'] != true) return;
    }
  }

  Future<void> _applyRemote(Transaction txn, Map<String, Object?> change) async {
    final local = (await txn.query('records', where: 'entity_type = ? AND entity_id = ?',
        whereArgs: [change['entityType'], change['entityId']])).firstOrNull;
    if (local != null && !_wins(change, local)) return;
    await txn.insert('records', {'entity_type': change['entityType'], 'entity_id': change['entityId'],
        'data': change['data'] == null ? null : jsonEncode(change['data']),
        'deleted': change['action'] == 'delete' ? 1 : 0, 'last_modified_at': change['lastModifiedAt'],
        'client_id': change['clientId']}, conflictAlgorithm: ConflictAlgorithm.replace);
  }

  static bool _wins(Map<String, Object?> change, Map<String, Object?> local) {
    final a = DateTime.parse(change['lastModifiedAt'] as String);
    final b = DateTime.parse(local['last_modified_at'] as String);
    if (a != b) return a.isAfter(b);
    return _compareBytes(utf8.encode(change['clientId'] as String? ?? ''),
        utf8.encode(local['client_id'] as String? ?? '')) > 0;
  }

  static int _compareBytes(List<int> a, List<int> b) {
    for (var i = 0; i < a.length && i < b.length; i++) {
      if (a[i] != b[i]) return a[i] - b[i];
    }
    return a.length - b.length;
  }

  /// Checkpoints the WAL into the main file first: copying the main file alone would miss committed rows in the -wal
  /// file, and the server would flag the upload `shrunk`.
  Future<Map<String, Object?>> uploadBackup(String path) async {
    await db.rawQuery('PRAGMA wal_checkpoint(TRUNCATE)');
    final bytes = await File(path).readAsBytes();
    final digest = base64.encode(sha256.convert(bytes).bytes);
    final response = await http.post(Uri.parse('$baseUrl/api/v1/backups'), headers: {..._headers,
      'Content-Type': 'application/vnd.sqlite3', 'Content-Digest': 'sha-256=:$digest:'}, body: bytes);
    return jsonDecode(response.body) as Map<String, Object?>;
  }
}
