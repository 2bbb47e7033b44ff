/**
 * Messages of syncing and of the device: the sync badge, sign-in problems while offline, the
 * read-only banner, the change log, app updates and the device's data (persistence, export,
 * import). Spread into the catalogue in messages.ts.
 */
export const syncZh = {
	'sync.offline': '离线',
	'sync.connecting': '同步中',
	'sync.synced': '已同步',
	'sync.pending': '{n} 项更改待保存',
	'sync.pendingShort': '{n} 待保存',
	'sync.refused': '只读：更改未被服务器接受',
	'sync.title.offline': '无网络：更改保存在本机，联网后自动同步',
	'sync.title.connecting': '正在连接同步服务器',
	'sync.title.synced': '所有更改已保存到服务器',
	'device.title': '本机数据',
	'device.persistent': '已设为持久保存：浏览器不会自行清除本机数据。',
	'device.notPersistent':
		'未设为持久保存：空间不足时浏览器可能清除本机数据，包括尚未同步的更改。请申请持久保存，或先把校安添加到主屏幕再申请。',
	'device.unsupported': '这个浏览器不支持持久保存。请定期导出数据文件作为备份。',
	'device.ask': '申请持久保存',
	'device.usage': '已用 {usage}，上限约 {quota}',
	'device.usageUnknown': '无法读取本机存储用量',
	'device.documents': '本校在本机保存了 {n} 份文档',
	'device.transfer': '导出与导入',
	'device.transferHint':
		'把本校全部数据导出为一个文件，可在另一台设备上导入。导入只会合并，不会覆盖或删除已有内容。',
	'device.export': '导出全部数据',
	'device.exporting': '正在导出…',
	'device.import': '导入文件…',
	'device.importing': '正在导入…',
	'device.exported':
		'已导出 {documents} 份文档（其中 {rounds} 轮巡检）和 {photos} 张未上传的照片：{filename}',
	'device.imported':
		'已导入 {documents} 份文档，其中 {rounds} 轮巡检（{changed} 份有新内容），以及 {photos} 张照片。联网时会同步到服务器。',
	'device.problem.wrong-kind': '这不是校安导出的数据文件，未导入。请选择扩展名为 .xiaoan 的文件。',
	'device.problem.corrupt': '文件已损坏或不完整，未导入任何内容。请在原设备上重新导出后再试。',
	'device.problem.newer-format': '这个文件来自更新版本的校安，未导入。请先刷新页面更新校安，再导入。',
	'device.problem.other-workspace':
		'这个文件属于「{name}」，不是当前登录的学校，未导入。请用该校的账号登录后再导入。',
	'device.problem.empty': '文件里没有任何文档，未导入。请在原设备上重新导出。',
	'device.failed': '操作未完成：{message}。请重试；仍不行请联系管理员。',
	'readonly.banner': '只读：你可以查看，但不能修改这里的内容',
	'problem.expired': '登录已过期，联网后将自动续期；更改已保存在本机',
	'problem.revoked':
		'你的访问已被撤销。本机数据仍可查看，但不会再同步；如需继续，请联系领导小组或办公室重新邀请。',
	'problem.unauthorized': '登录无效。请打开管理员发给你的新登录链接；更改已保存在本机。',
	'changes.title': '变更记录',
	'changes.empty': '还没有记录',
	'changes.bytes': '{n} 字节',
	'changes.lastBy': '最后修改：{name} · {time}',
	'update.available': '校安有新版本。',
	'update.apply': '立即更新'
} as const;

export const syncEn: Record<keyof typeof syncZh, string> = {
	'sync.offline': 'Offline',
	'sync.connecting': 'Syncing',
	'sync.synced': 'Synced',
	'sync.pending': '{n} changes not yet saved',
	'sync.pendingShort': '{n} unsaved',
	'sync.refused': 'Read-only: the server did not accept changes',
	'sync.title.offline': 'No network: changes are kept on this device and sync when back online',
	'sync.title.connecting': 'Connecting to the sync server',
	'sync.title.synced': 'All changes are saved on the server',
	'device.title': 'Data on this device',
	'device.persistent': 'Storage is persistent: the browser will not clear this device’s data on its own.',
	'device.notPersistent':
		'Storage is not persistent: when space runs low the browser may clear this device’s data, unsynced changes included. Ask for persistent storage, or add Xiao’an to the home screen first and then ask.',
	'device.unsupported':
		'This browser cannot keep storage persistent. Export a data file now and then as a backup.',
	'device.ask': 'Ask for persistent storage',
	'device.usage': 'Using {usage} of about {quota}',
	'device.usageUnknown': 'Storage usage is not available',
	'device.documents': 'This device keeps {n} documents of this school',
	'device.transfer': 'Export and import',
	'device.transferHint':
		'Export all of this school’s data to one file and import it on another device. Importing only merges: nothing there is overwritten or deleted.',
	'device.export': 'Export all data',
	'device.exporting': 'Exporting…',
	'device.import': 'Import a file…',
	'device.importing': 'Importing…',
	'device.exported':
		'Exported {documents} documents ({rounds} of them inspection rounds) and {photos} photos not yet uploaded: {filename}',
	'device.imported':
		'Imported {documents} documents, {rounds} of them inspection rounds ({changed} with new content), and {photos} photos. They sync to the server when online.',
	'device.problem.wrong-kind':
		'This is not a Xiao’an data file; nothing was imported. Choose a file ending in .xiaoan.',
	'device.problem.corrupt':
		'The file is damaged or incomplete; nothing was imported. Export it again on the original device and retry.',
	'device.problem.newer-format':
		'This file comes from a newer version of Xiao’an; nothing was imported. Reload the page to update, then import.',
	'device.problem.other-workspace':
		'This file belongs to “{name}”, not the school you are signed in to; nothing was imported. Sign in to that school to import it.',
	'device.problem.empty':
		'The file holds no documents; nothing was imported. Export it again on the original device.',
	'device.failed': 'Not finished: {message}. Try again; if it still fails, ask your administrator.',
	'readonly.banner': 'Read-only: you can look, but not change anything here',
	'problem.expired': 'Sign-in expired; it renews once online. Changes are kept on this device',
	'problem.revoked':
		'Your access was revoked. Data on this device stays readable but no longer syncs; to continue, ask the leadership group or the office for a new invite.',
	'problem.unauthorized':
		'Sign-in is not valid. Open a new sign-in link from your administrator; changes are kept on this device.',
	'changes.title': 'Changes',
	'changes.empty': 'No changes recorded yet',
	'changes.bytes': '{n} bytes',
	'changes.lastBy': 'Last changed by {name} · {time}',
	'update.available': "A new version of Xiao'an is ready.",
	'update.apply': 'Update now'
};
