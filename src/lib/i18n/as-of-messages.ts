/**
 * Messages of a document as it stood at a time (某一时刻的状态) and of restoring it. Spread into the
 * catalogue in messages.ts; the document's name comes from `changes.doc.*`.
 */
export const asOfZh = {
	'asOf.title': '某一时刻的状态',
	'asOf.open': '查看某一时刻的状态',
	'asOf.fromChange': '此时的状态',
	'asOf.fromChangeLabel': '查看 {time} 这次变更后的状态',
	'asOf.banner': '{time} 时的状态（只读）',
	'asOf.pick': '日期和时间（北京时间）',
	'asOf.show': '查看',
	'asOf.pickHint': '选择一个日期和时间，查看当时的内容。当时的内容从服务器读取，只读。',
	'asOf.backLive': '返回当前内容',
	'asOf.loading': '正在从服务器读取当时的内容…',
	'asOf.offline': '需要联网才能查看历史状态。请联网后点“重试”。',
	'asOf.badDate': '这个日期和时间不能用：请选择一个不晚于现在的日期和时间。',
	'asOf.retry': '重试',
	'asOf.unsupported': '这类文档暂时不能按时间查看。',
	'asOf.ledger.count': '当时共 {n} 条隐患。之后登记的隐患不在其中。',
	'asOf.ledger.empty': '那时台账中还没有隐患。',
	'asOf.round.absent': '那时这轮巡检还没有创建。请选择一个更晚的时间。',
	'asOf.plan.label': '{time} 时的方案正文',
	'asOf.plan.empty': '那时方案正文还是空的。',
	'asOf.restore': '恢复到此时的状态',
	'asOf.restore.signedOff': '这轮巡检已签字确认，不能恢复。如需恢复，请先重新打开这轮巡检。',
	'asOf.restore.title': '恢复到 {time} 时的状态？',
	'asOf.restore.preparing': '正在比较当时和现在的内容…',
	'asOf.restore.round':
		'{n} 个检查项将恢复为当时的结果和说明：每项追加一条由你给出的结果，原有的作答记录全部保留。',
	'asOf.restore.roundConflicts': '{n} 个检查项当时几人的结果不一致，这种分歧无法重现，保持现状。',
	'asOf.restore.ledger':
		'{n} 条隐患的字段（地点、等级、责任部门、责任人、期限、措施、备注等）将恢复为当时的值。',
	'asOf.restore.ledgerLoop':
		'隐患的流程状态不会回退：整改、复查、销号的记录只增不减，状态已变化的 {n} 条隐患保持现在的状态，只恢复字段。登记时的描述和照片不变。',
	'asOf.restore.ledgerBlocked': '{n} 条隐患有你不能修改的字段（例如已销号），这些字段保持现状。',
	'asOf.restore.ledgerSince': '之后新登记的 {n} 条隐患保留不动。',
	'asOf.restore.plan': '方案正文中 {n} 段将替换为当时的内容。恢复前的正文会自动保存为一个版本。',
	'asOf.restore.planEditing': '{names} 正在打开方案。恢复会替换他们正在修改的段落，请先和他们确认。',
	'asOf.restore.recorded': '恢复会作为你的一次新修改记入变更记录，不会删除任何历史。',
	'asOf.restore.nothing': '现在的内容与当时相同，无需恢复。',
	'asOf.restore.confirm': '恢复',
	'asOf.restore.cancel': '取消',
	'asOf.restore.close': '关闭',
	'asOf.restore.done': '已恢复到 {time} 时的状态，已记入变更记录。',
	'asOf.planVersionName': '{time} 时的正文'
} as const;

export const asOfEn: Record<keyof typeof asOfZh, string> = {
	'asOf.title': 'As of a date',
	'asOf.open': 'View as of a date',
	'asOf.fromChange': 'State then',
	'asOf.fromChangeLabel': 'View the state after the change of {time}',
	'asOf.banner': 'As it stood at {time} (read-only)',
	'asOf.pick': 'Date and time (China time)',
	'asOf.show': 'View',
	'asOf.pickHint':
		'Pick a date and time to see the content as it stood then. It is read from the server, read-only.',
	'asOf.backLive': 'Back to the current content',
	'asOf.loading': 'Reading the content of then from the server…',
	'asOf.offline': 'Viewing an earlier state needs the network. Go online and press Retry.',
	'asOf.badDate': 'This date and time cannot be used: pick a date and time no later than now.',
	'asOf.retry': 'Retry',
	'asOf.unsupported': 'This kind of document cannot be viewed as of a date yet.',
	'asOf.ledger.count': '{n} hazards then. Hazards registered later are not among them.',
	'asOf.ledger.empty': 'The ledger held no hazard then.',
	'asOf.round.absent': 'This round had not been created then. Pick a later time.',
	'asOf.plan.label': 'The plan as it stood at {time}',
	'asOf.plan.empty': 'The plan was still empty then.',
	'asOf.restore': 'Restore to this state',
	'asOf.restore.signedOff': 'This round is signed off and cannot be restored. Re-open it first.',
	'asOf.restore.title': 'Restore to {time}?',
	'asOf.restore.preparing': 'Comparing then and now…',
	'asOf.restore.round':
		'{n} items get their answer and note of then back: each gets a new answer given by you; every earlier answer is kept.',
	'asOf.restore.roundConflicts':
		'{n} items had disagreeing answers then, which cannot be made again: they stay as they are.',
	'asOf.restore.ledger':
		'{n} hazards get their fields (place, level, department, person, deadline, measures, remarks …) of then back.',
	'asOf.restore.ledgerLoop':
		'A hazard’s state never goes back: its rectification, re-inspection and closing records only grow, so the {n} hazards whose state changed keep it; only fields are restored. The registered description and photos stay.',
	'asOf.restore.ledgerBlocked':
		'{n} hazards have fields you may not change (closed ones, say): those stay as they are.',
	'asOf.restore.ledgerSince': 'The {n} hazards registered since stay.',
	'asOf.restore.plan':
		'{n} paragraphs of the plan are replaced by the text of then. The text before is saved as a version first.',
	'asOf.restore.planEditing':
		'{names} have the plan open. Restoring replaces paragraphs they are editing: check with them first.',
	'asOf.restore.recorded':
		'The restore is recorded as a new change of yours in the change log; no history is erased.',
	'asOf.restore.nothing': 'The content is the same as then: nothing to restore.',
	'asOf.restore.confirm': 'Restore',
	'asOf.restore.cancel': 'Cancel',
	'asOf.restore.close': 'Close',
	'asOf.restore.done': 'Restored to {time}; recorded in the change log.',
	'asOf.planVersionName': 'Text of {time}'
};
